/**
 * Browser tests: Debian chromium present (installed when missing), the runtime UI built, and the
 * product started once for every test file (they share it: a test leaves the demo data as other
 * files expect it, see browser-suite.ts); global-teardown.ts stops it.
 */
import { ensureChromium } from './chromium';
import { PRODUCT_URL_ENV, type Product, buildRuntimeUi, startProduct } from './product';

export default async function globalSetup(): Promise<void> {
  ensureChromium();
  buildRuntimeUi();
  const product = await startProduct();
  (globalThis as { __cordeeBrowserProduct?: Product }).__cordeeBrowserProduct = product;
  process.env[PRODUCT_URL_ENV] = product.baseUrl;
}
