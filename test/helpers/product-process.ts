/**
 * The product as users run it: `npm start`'s entry point (engine/server/src/main.ts) in a child
 * process of its own group (so a test can SIGKILL it and everything it started), its output kept.
 * Node runs the TypeScript through `--import tsx`, not the `tsx` command: that command relays
 * SIGTERM to its child and SIGKILLs it when the child does not acknowledge within 30 ms, which
 * cut graceful shutdowns short on a loaded machine.
 * DATABASE_URL is not inherited: each caller says which database it wants, if any.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@cordee/server/src/node-flags';

const REPO = join(__dirname, '..', '..');

export interface ProductProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnProduct(env: Record<string, string>): ProductProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'engine/server/src/main.ts'], {
    cwd: REPO,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
