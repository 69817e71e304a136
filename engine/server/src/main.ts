/**
 * `npm start`: settings from the environment, PostgreSQL (embedded unless DATABASE_URL is set),
 * migrations, reference data, the admin account, demo data on first start, then the HTTP server.
 */
import type { Server } from 'node:http';
import pino from 'pino';
import { migrateToLatest } from '@cordee/db';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './database';
import { buildDeps } from './build-deps';
import { createApp } from './app';
import { ensureAdminAccount, loadReferenceData } from './startup/reference-data';
import { loadPack } from './startup/pack-loader';
import { ensureDemoData, holdsDemoData } from './startup/demo-data';
import { startAuditSealer } from './workers/audit-sealer';
import { startJobWorker } from './workers/job-worker';
import { startWorkflowScheduler } from './workers/workflow-scheduler';
import { startEngineThreads, stopEngineThreads } from './workflow/engine-threads';
import { missingNodeFlags } from './node-flags';

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'cordee' } });
  const database = await openDatabase(config, logger);
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  await loadReferenceData(database.db);
  await ensureAdminAccount(database.db, logger, config.adminPassword);
  const deps = buildDeps({ config, db: database.db, logger, demoMode: await holdsDemoData(database.db) });
  await loadPack(deps, logger);
  // after the pack: the demo dossiers' answers are stored with its forms and grids
  if (config.demoData) deps.demoMode = await ensureDemoData(deps, logger);
  const { demoMode } = deps;
  const sealer = startAuditSealer(database.db, logger);
  startEngineThreads(config.engineThreads);
  // durable timers (instances that fell due, also while the server was down) and the outbox of external tasks
  const scheduler = startWorkflowScheduler(deps, logger);
  const jobWorker = startJobWorker(deps, logger);
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, embeddedDatabase: database.embedded, demoMode, startupMs: Date.now() - startedAt }, `Cordée écoute sur http://localhost:${port}`);
  const missing = missingNodeFlags(process.execArgv);
  if (missing.length > 0) logger.warn({ missing }, 'started without the V8 settings of `npm start` (ADR 0022): more CPU per request');
  if (demoMode) logger.warn('MODE DÉMONSTRATION : données fictives chargées, comptes de démonstration actifs (voir README).');

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await scheduler.stop();
    await jobWorker.stop();
    await stopEngineThreads();
    await sealer.stop();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Cordée n’a pas pu démarrer : ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
