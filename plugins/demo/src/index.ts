import { definePlugin, PermanentActionError } from '@cordee/plugin-sdk';

/**
 * The demonstration plugin, until the national ones (INSi, DMP, MSSanté) arrive: an
 * acknowledgement of receipt sent to an external service. With `CORDEE_PLUGIN_DEMO_URL` set, it
 * POSTs `{ idempotencyKey, dossier, workflow }` there (the service answers `{ receipt }` and is
 * expected to absorb a repeated key); without it, the receipt is made locally from the key.
 * `CORDEE_PLUGIN_DEMO_MAX_ATTEMPTS` and `CORDEE_PLUGIN_DEMO_TIMEOUT_MS` tune its retries.
 */
export const demoPlugin = definePlugin({
  id: 'demo',
  version: '0.1.0',
  title: 'Démonstration',
  setup(ctx) {
    const url = ctx.config.URL;
    ctx.registerServiceTask({
      key: 'accuse-reception',
      title: 'Envoyer un accusé de réception (démonstration)',
      maxAttempts: Number(ctx.config.MAX_ATTEMPTS ?? 5),
      timeoutMs: Number(ctx.config.TIMEOUT_MS ?? 10_000),
      async run({ idempotencyKey, input, signal }) {
        if (!url) return { accuseReception: `AR-${idempotencyKey.slice(0, 8)}` };
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify({ idempotencyKey, dossier: input.dossierId ?? null, workflow: input.workflow ?? null }),
          signal,
        });
        if (response.status === 400) throw new PermanentActionError(`le service refuse la demande (${response.status})`);
        if (!response.ok) throw new Error(`le service répond ${response.status}`);
        const body = (await response.json()) as { receipt?: unknown };
        if (typeof body.receipt !== 'string') throw new Error('réponse sans accusé de réception');
        return { accuseReception: body.receipt };
      },
    });
  },
});
