import type { Page } from 'playwright-core';
import { wideGridDefinition } from '../bench/fixtures';

/** Publishes a grid of 150 items (a level and an observation each: 300 fields) as the quality manager; returns its key. */
export async function publishWideGrid(baseUrl: string, cookie: string, key = 'bench-grille-300-champs'): Promise<string> {
  const headers = { 'Content-Type': 'application/json', Cookie: cookie };
  const draft = await fetch(`${baseUrl}/api/metadata/grids/${key}/draft`, { method: 'PUT', headers, body: JSON.stringify(wideGridDefinition(150)) });
  if (draft.status !== 200) throw new Error(`draft: ${draft.status} ${await draft.text()}`);
  const published = await fetch(`${baseUrl}/api/metadata/grids/${key}/publish`, { method: 'POST', headers, body: '{}' });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${await published.text()}`);
  return key;
}

/** The session cookie of an account, over the API. */
export async function apiSession(baseUrl: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (response.status !== 200) throw new Error(`login ${login}: ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** The page's globals the measure uses, as seen from the test (no DOM typings here). */
interface PageGlobals {
  __latencies: number[];
  document: { querySelector(selector: string): { addEventListener(type: string, listener: () => void): void } | null };
  requestAnimationFrame(callback: () => void): number;
}

export interface KeystrokeFigures {
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Types into a field key by key and measures, in the page, each keystroke from `keydown` to the
 * first frame after React has handled it (what the user perceives as the letter appearing).
 */
export async function measureKeystrokes(page: Page, selector: string, text: string): Promise<KeystrokeFigures> {
  await page.evaluate((sel) => {
    // runs in the page (this test project has no DOM typings)
    const w = globalThis as unknown as PageGlobals;
    w.__latencies = [];
    w.document.querySelector(sel)!.addEventListener('keydown', () => {
      const t0 = performance.now();
      w.requestAnimationFrame(() => setTimeout(() => w.__latencies.push(performance.now() - t0), 0));
    });
  }, selector);
  await page.focus(selector);
  for (const ch of text) {
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
  }
  await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).__latencies.length >= n, text.length);
  const values = (await page.evaluate(() => (globalThis as unknown as PageGlobals).__latencies)).sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  return { count: values.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: values[values.length - 1]! };
}

/** From navigation to the page's main content shown (a cold load: new context, nothing cached). */
export async function timeToContent(page: Page, url: string, ready: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await page.goto(url);
  await ready();
  return Date.now() - started;
}
