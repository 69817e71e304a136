import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@cordee/seeds';

export const SCREENSHOTS = join(__dirname, 'screenshots');

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Script errors and CSP refusals seen by the page. */
  problems: string[];
}

/** A fresh browser context (own cookies and storage), French, Paris time, tablet-to-desktop width. */
export async function visit(browser: Browser, baseUrl: string): Promise<Visitor> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function login(page: Page, loginName: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Identifiant').fill(loginName);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core on the page as it is (evaluated through the DevTools protocol: the page's CSP stays strict). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    // runs in the page (this test project has no DOM typings)
    const w = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, options: object): Promise<{ violations: unknown[] }> } };
    return (await w.axe.run(w.document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** `dossier.test` → printable list of violations for an assertion message. */
export const describeViolations = (violations: AxeViolation[]) => violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');

/** Removes accents and case: what a hurried user types. */
export const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
