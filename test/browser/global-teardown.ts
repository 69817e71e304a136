/** Stops the product the browser tests' global setup started. */
import type { Product } from './product';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __cordeeBrowserProduct?: Product }).__cordeeBrowserProduct?.stop();
}
