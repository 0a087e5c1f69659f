import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Page } from "@playwright/test";

/**
 * Screenshots for looking at, never for asserting: `shotsIn(process.env.X_SHOTS_DIR)` returns a
 * function that, when the folder is set, saves the page at 390 and 1280 px wide and then puts the
 * viewport back. Unset (as in CI), it does nothing.
 */
export function shotsIn(dir: string | undefined, { fullPage = true, settleMs = 300 }: { fullPage?: boolean; settleMs?: number } = {}) {
  return async (page: Page, name: string) => {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const size = page.viewportSize();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      // Let a layout change at the new width finish before the picture.
      await page.waitForTimeout(settleMs);
      await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage });
    }
    if (size) await page.setViewportSize(size);
  };
}
