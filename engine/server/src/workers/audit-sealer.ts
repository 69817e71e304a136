import type { Logger } from 'pino';
import { type Db, sealPendingAudit } from '@cordee/db';

/** Seals pending audit events into the hash chain every `intervalMs`; `stop()` seals what is left. */
export function startAuditSealer(db: Db, logger: Logger, intervalMs = 250): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = sealPendingAudit(db)
      .catch((error: unknown) => logger.error({ err: error }, 'audit sealing failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await sealPendingAudit(db).catch((error: unknown) => logger.error({ err: error }, 'final audit sealing failed'));
    },
  };
}
