// Shared e2e fixture: every page fails its test on uncaught page errors or on WebGPU errors the app reports.
import { test as base, expect } from '@playwright/test';
import PERF_MARK_NAMES from '../src/runner/perfMarkNames.json' with { type: 'json' };

export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /GPU|WebGPU|validation/i.test(m.text())) errors.push(`console: ${m.text()}`);
    });
    await use(errors);
    if (!page.isClosed()) {
      await expect(page.getByTestId('gpu-errors'), 'the app reported WebGPU errors').toHaveCount(0);
    }
    expect(errors, errors.join('\n')).toEqual([]);
  },
});

export { expect };

/** Waits until the engine has chosen a backend and returns which. */
export async function engineReady(page: import('@playwright/test').Page): Promise<string> {
  const status = page.getByTestId('backend-status');
  await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  return (await status.getAttribute('data-backend')) ?? '';
}

/** Waits until plotly has loaded and drawn its warm-up figures before Run (the app's plotly-warmed-up mark). */
export async function plotlyWarmedUp(page: import('@playwright/test').Page): Promise<void> {
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, PERF_MARK_NAMES.plotlyWarmedUp, { timeout: 60_000 });
}
