/** Child processes for benchmarks: the real server (engine/server/src/main.ts) and helper servers. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@cordee/server/src/node-flags';

const root = join(__dirname, '..', '..');

/**
 * Node's arguments for a server of the benchmarks: the product's V8 settings (the bare reference
 * server gets them too, so both are compared alike), TypeScript through tsx; with `profile` and
 * BENCH_PROFILE=<dir>, under node --cpu-prof, leaving a profile there.
 */
export function nodeArguments(script: string, profile: boolean, args: string[] = []): string[] {
  const profileDir = profile ? process.env.BENCH_PROFILE : undefined;
  return [...SERVER_NODE_FLAGS, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', join(root, script), ...args];
}

/** With BENCH_PROFILE=<dir>, the server runs under node --cpu-prof (TypeScript through `--import tsx`) and leaves a profile there. */
export async function startProcess(script: string, args: string[], env: Record<string, string>, ready: (line: string) => boolean, profile = false): Promise<ChildProcess> {
  const command = nodeArguments(script, profile, args);
  const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').some(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)));
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/** CPU time used so far by a process, all its threads included (Linux). */
export function cpuTimeMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
