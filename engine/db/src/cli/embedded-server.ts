/**
 * Runs an embedded PostgreSQL until SIGTERM/SIGINT: `tsx engine/db/src/cli/embedded-server.ts <dataDir> <port>`.
 * Prints one line `READY <adminUrl>` when it accepts connections. Used by the test setup.
 */
import { startEmbeddedPostgres } from '../embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: embedded-server <dataDir> <port>');
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  process.stdout.write(`READY ${server.adminUrl}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
