/**
 * The README's promise on a fresh machine: a clone of the repository, `npm ci` (what
 * `npm install` does from the lock file), then `npm start` reaches a healthy server in under 30 s
 * with an embedded PostgreSQL and nothing else. Catches files that exist here but were never
 * committed, and a lock file that no longer installs.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/global-setup';

const REPO = join(__dirname, '..', '..');

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: 'pipe', env: { ...process.env, CI: 'true' }, timeout: 240_000 });
}

describe('fresh clone', () => {
  let dir: string;
  let server: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cordee-clone-'));
    run('git', ['clone', '--quiet', REPO, join(dir, 'cordee')], dir);
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      process.kill(-server.pid!, 'SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs from the lock file and starts to a healthy server within 30 s', async () => {
    const clone = join(dir, 'cordee');
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone);
    const port = await freePort();
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const startedAt = Date.now();
    server = spawn('npm', ['start'], {
      cwd: clone,
      env: { ...env, PORT: String(port), CORDEE_EMBEDDED_PG_PORT: String(await freePort()), CORDEE_ADMIN_PASSWORD: 'Clone-Admin-Password-2026' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    let health: { status: string; database: string } | null = null;
    while (Date.now() - startedAt < 30_000 && server.exitCode === null) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (response.status === 200) {
          health = (await response.json()) as typeof health;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const elapsed = Date.now() - startedAt;
    if (!health) throw new Error(`not healthy after ${elapsed} ms:\n${output.slice(-3000)}`);
    expect(health).toMatchObject({ status: 'ok', database: 'up' });
    expect(elapsed).toBeLessThan(30_000);
    process.stdout.write(`fresh clone: healthy ${elapsed} ms after npm start\n`);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'Clone-Admin-Password-2026' }),
    });
    expect(login.status).toBe(200);
  }, 300_000);
});
