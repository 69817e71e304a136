/**
 * What every browser test file shares: the product started once for the whole run by the global
 * setup (its address in CORDEE_BROWSER_PRODUCT_URL), a chromium of the file's own, fresh visitors
 * (browser contexts) closed at the end, no script error nor CSP refusal on any page after each
 * test, and the demo accounts' API for the facts a test needs.
 */
import { DEMO_PASSWORD } from '@cordee/seeds';
import { type HeadlessChromium, launchChromium } from './chromium';
import { sharedProductUrl } from './product';
import { type Visitor, visit } from './ui-driver';
import { apiSession } from './ui-measures';

export interface BrowserSuite {
  baseUrl: string;
  /** A new visitor (own cookies), checked after each test. */
  open(): Promise<Visitor>;
  /** JSON over the API as a demo account. */
  apiAs(loginName: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** Registers the file's beforeAll / afterAll / afterEach hooks; call it once at the top of a test file. */
export function browserSuite(): BrowserSuite {
  const baseUrl = sharedProductUrl();
  let chromium: HeadlessChromium | undefined;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const v of visitors) await v.context.close().catch(() => undefined);
    await chromium?.close();
  }, 60_000);

  afterEach(() => {
    for (const v of visitors) expect(v.problems).toEqual([]);
  });

  return {
    baseUrl,
    open: async () => {
      if (!chromium) throw new Error('chromium is not started (open() belongs in a test or a hook)');
      const v = await visit(chromium.browser, baseUrl);
      visitors.push(v);
      return v;
    },
    apiAs: async (loginName, method, path, body) => {
      const cookie = await apiSession(baseUrl, loginName, DEMO_PASSWORD);
      const response = await fetch(`${baseUrl}${path}`, { method, headers: { 'Content-Type': 'application/json', Cookie: cookie }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
  };
}
