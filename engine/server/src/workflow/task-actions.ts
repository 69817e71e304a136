import type { Tx } from '@cordee/db';
import { archiveDossier } from '../archive/archive-dossier';
import type { RequestContext } from '../http/context';

/** What a completion action is given: the task's dossier and instance, the completing user's context, the step's instant. */
export interface TaskActionInput {
  dossierId: string;
  instanceId: string;
  now: Date;
}

/**
 * Server actions a user task runs when it is completed (`cordee:completeAction`): they call the
 * same service as the matching route, in the transaction that completes the task and with the
 * completing user's rights, so a workflow drives the one mechanism rather than a second one. The
 * result is merged into the process variables.
 */
type TaskAction = (trx: Tx, ctx: RequestContext, input: TaskActionInput) => Promise<Record<string, unknown>>;

const taskActions: Record<string, TaskAction> = {
  /** The secretariat prepares the archive package; the director's completion seals the dossier (pde-domain.md § 8.2). */
  'dossier.archive': async (trx, ctx, { dossierId, now }) => {
    const archived = await archiveDossier(trx, ctx, dossierId, now);
    return { archivePackageId: archived.packageId, archiveStatus: archived.status, archiveSha256: archived.sha256 };
  },
};

export const taskActionKeys = (): Set<string> => new Set(Object.keys(taskActions));

/** Runs the completion action a task names; an unknown one is refused (publishing checks it already). */
export function runTaskAction(key: string, trx: Tx, ctx: RequestContext, input: TaskActionInput): Promise<Record<string, unknown>> {
  const action = taskActions[key];
  if (!action) throw new Error(`unknown task completion action ${key}`);
  return action(trx, ctx, input);
}
