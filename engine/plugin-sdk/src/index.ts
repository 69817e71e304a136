/**
 * What a Cordée plugin sees (architecture.md §10): `definePlugin({ id, setup(ctx) })`, where setup
 * registers the service tasks (actions) the plugin provides. The workflow engine calls an action
 * from its job worker, outside any database transaction, with an idempotency key that stays the
 * same across retries of one service task: the national service (or the plugin) uses it to
 * absorb a repeated call. An action throws to be retried (with exponential backoff) or throws a
 * PermanentActionError to stop retrying at once.
 */
export interface ActionInvocation {
  /** Stable for one service task of one process instance, across every retry. */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /** What the process gives the action: its variables and the dossier's references (no health data unless the process put it there). */
  input: Readonly<Record<string, unknown>>;
  /** Aborted when the action runs past its time limit or the server stops. */
  signal: AbortSignal;
}

export interface ActionDefinition {
  /** Local name; the workflow names `pluginId.key` in `cordee:serviceRef`. */
  key: string;
  /** French label for the designer. */
  title: string;
  /** Tries before the job becomes an incident (default 5). */
  maxAttempts?: number;
  /** Time limit of one try (default 30 s). */
  timeoutMs?: number;
  /** The result is merged into the process variables (keep it small). */
  run(invocation: ActionInvocation): Promise<Record<string, unknown>>;
}

export interface PluginSetupContext {
  /** The plugin's settings (from the environment: `CORDEE_PLUGIN_<ID>_<NAME>`). */
  config: Readonly<Record<string, string | undefined>>;
  registerServiceTask(action: ActionDefinition): void;
}

export interface PluginDefinition {
  id: string;
  version: string;
  title: string;
  setup(ctx: PluginSetupContext): void;
}

export class PermanentActionError extends Error {
  readonly permanent = true;
}

const ID = /^[a-z][a-z0-9-]*$/;

export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  if (!ID.test(plugin.id)) throw new Error(`plugin id "${plugin.id}" must match ${ID}`);
  return plugin;
}

export interface RegisteredAction extends ActionDefinition {
  /** `pluginId.key`. */
  ref: string;
  pluginId: string;
}

/** The actions of the installed plugins, by `pluginId.key`. */
export class ActionRegistry {
  private readonly actions = new Map<string, RegisteredAction>();

  constructor(plugins: readonly PluginDefinition[], env: Readonly<Record<string, string | undefined>> = {}) {
    for (const plugin of plugins) {
      const prefix = `CORDEE_PLUGIN_${plugin.id.toUpperCase().replace(/-/g, '_')}_`;
      const config = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
      plugin.setup({
        config,
        registerServiceTask: (action) => {
          if (!ID.test(action.key)) throw new Error(`action key "${action.key}" of plugin ${plugin.id} must match ${ID}`);
          const ref = `${plugin.id}.${action.key}`;
          if (this.actions.has(ref)) throw new Error(`action ${ref} is registered twice`);
          this.actions.set(ref, { ...action, ref, pluginId: plugin.id });
        },
      });
    }
  }

  get(ref: string): RegisteredAction | undefined {
    return this.actions.get(ref);
  }

  refs(): Set<string> {
    return new Set(this.actions.keys());
  }
}
