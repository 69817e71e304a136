/** A real PostgreSQL and a migrated database for benchmarks: DATABASE_URL's server, else an embedded one. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Db, createDb, migrateToLatest } from '@cordee/db';
import { startEmbeddedPostgres } from '@cordee/db/src/embedded-postgres';
import { buildDeps } from '@cordee/server/src/build-deps';
import { loadConfig } from '@cordee/server/src/config';
import type { AppDeps } from '@cordee/server/src/deps';
import type { RequestContext } from '@cordee/server/src/http/context';
import { loadReferenceData } from '@cordee/server/src/startup/reference-data';
import { freePort, withDatabase } from '../helpers/global-setup';

export interface BenchEnvironment {
  adminUrl: string;
  databaseUrl: string;
  db: Db;
  deps: AppDeps;
  /** A request context for calls made outside HTTP (publishing fixtures). */
  systemContext: RequestContext;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => undefined as void;
  let dataDir: string | null = null;
  if (!adminUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'cordee-bench-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    adminUrl = server.adminUrl;
    stopServer = () => server.stop();
  }
  const admin = createDb(adminUrl, { poolMax: 1 });
  await admin.raw('drop database if exists cordee_bench with (force)');
  await admin.raw('create database cordee_bench');
  await admin.destroy();
  const databaseUrl = withDatabase(adminUrl, 'cordee_bench');
  const db = createDb(databaseUrl, { poolMax: 20 });
  await migrateToLatest(db);
  await loadReferenceData(db);
  const logger = pino({ level: 'silent' });
  const deps = buildDeps({ config: loadConfig({ CORDEE_LOG_LEVEL: 'silent' }), db, logger, demoMode: false });
  return {
    adminUrl,
    databaseUrl,
    db,
    deps,
    systemContext: { requestId: 'bench', ip: null, log: logger, user: null, sessionExpired: false },
    stop: async () => {
      await db.destroy();
      await stopServer();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Median and 95th percentile of samples (milliseconds or any unit). */
export function summarise(samples: number[]): { median: number; p95: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]! };
}

export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
