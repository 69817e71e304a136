/** Browser tests: Debian chromium present (installed when missing) and the runtime UI built, before any test file runs. */
import { ensureChromium } from './chromium';
import { buildRuntimeUi } from './product';

export default function globalSetup(): void {
  ensureChromium();
  buildRuntimeUi();
}
