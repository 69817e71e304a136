import { ActionRegistry, PermanentActionError, definePlugin } from './index';

const plugin = (id: string, keys: string[]) =>
  definePlugin({
    id,
    version: '1.0.0',
    title: id,
    setup(ctx) {
      for (const key of keys) ctx.registerServiceTask({ key, title: key, maxAttempts: Number(ctx.config.MAX_ATTEMPTS ?? 5), run: async ({ idempotencyKey }) => ({ key: idempotencyKey }) });
    },
  });

describe('plugin actions', () => {
  it('registers each action under `pluginId.key`, with the plugin’s own settings from the environment', async () => {
    const registry = new ActionRegistry([plugin('insi', ['verifier']), plugin('mss-sante', ['envoyer'])], { CORDEE_PLUGIN_MSS_SANTE_MAX_ATTEMPTS: '7', CORDEE_PLUGIN_INSI_OTHER: 'x' });
    expect([...registry.refs()].sort()).toEqual(['insi.verifier', 'mss-sante.envoyer']);
    expect(registry.get('mss-sante.envoyer')).toMatchObject({ pluginId: 'mss-sante', maxAttempts: 7 });
    expect(registry.get('insi.verifier')!.maxAttempts).toBe(5);
    expect(await registry.get('insi.verifier')!.run({ idempotencyKey: 'k1', attempt: 1, input: {}, signal: new AbortController().signal })).toEqual({ key: 'k1' });
    expect(registry.get('dmp.verser')).toBeUndefined();
  });

  it('refuses malformed ids and an action registered twice', () => {
    expect(() => plugin('INSi', [])).toThrow(/must match/);
    expect(() => new ActionRegistry([plugin('insi', ['Vérifier'])])).toThrow(/must match/);
    expect(() => new ActionRegistry([plugin('insi', ['verifier', 'verifier'])])).toThrow(/registered twice/);
  });

  it('marks permanent errors so that the worker stops retrying', () => {
    const error = new PermanentActionError('refusé');
    expect(error.permanent).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });
});
