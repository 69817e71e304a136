/**
 * The product as users run it for the browser tests: `npm start`'s entry point in a child process
 * with its own data folder and ports, the demo organisation loaded, the runtime UI built. The
 * global setup starts one for the whole run and tells the test files where it listens.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/global-setup';
import { spawnProduct } from '../helpers/product-process';

const REPO = join(__dirname, '..', '..');

/** `vite build` when runtime-ui/dist is missing or older than its sources (what `npm start` does first). */
export function buildRuntimeUi(): void {
  const result = spawnSync(process.execPath, [join(REPO, 'runtime-ui', 'scripts', 'build-if-stale.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the runtime UI did not build (exit ${result.status})`);
}

/** Where the global setup tells the test files (jest workers inherit its environment) the product listens. */
export const PRODUCT_URL_ENV = 'CORDEE_BROWSER_PRODUCT_URL';

/** The address of the product the global setup started. */
export function sharedProductUrl(): string {
  const url = process.env[PRODUCT_URL_ENV];
  if (!url) throw new Error(`${PRODUCT_URL_ENV} is not set: run the browser tests through jest.config.js (its browser project starts the product)`);
  return url;
}

export interface Product {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startProduct(timeoutMs = 90_000): Promise<Product> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cordee-browser-'));
  const port = await freePort();
  const pgPort = await freePort();
  const { child, exited, output } = spawnProduct({
    PORT: String(port),
    CORDEE_DATA_DIR: dataDir,
    CORDEE_EMBEDDED_PG_PORT: String(pgPort),
    CORDEE_ADMIN_PASSWORD: 'Admin-Browser-Test-2026!',
    CORDEE_LOG_LEVEL: 'warn',
    CORDEE_DEMO_DATA: 'true',
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const startedAt = Date.now();
  while (Date.now() - startedAt < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`the product exited (${exitCode}) before being healthy:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200) return { baseUrl, output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`not healthy after ${timeoutMs} ms:\n${output()}`);
}
