// The app under its Content Security Policy: no violation while the gallery, the offline service worker, a page with 2-D and 3-D plots, a run and Diagnostics are used.
import type { Page } from '@playwright/test';
import { test, expect, engineReady } from './fixtures';

/** Collects every CSP violation the page (or its worker, through the console) reports. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console ${m.type()}: ${m.text()}`);
  });
  return violations;
}

test('the page ships a strict policy and it is enforced: inline scripts and eval are refused and reported', async ({ page, pageErrors }) => {
  void pageErrors;
  const violations = await watchViolations(page);
  const response = await page.goto('/#/');
  const header = response?.headers()['content-security-policy'] ?? '';
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const policy of [header, meta ?? '']) {
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  }
  // an inline script and a string timer (eval) written by the page's own code are both refused
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { __inline?: number; __timer?: number };
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.appendChild(s);
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__timer = 1', 0);
    await new Promise((r) => setTimeout(r, 100));
    return { inline: w.__inline ?? 0, timer: w.__timer ?? 0 };
  });
  expect(ran).toEqual({ inline: 0, timer: 0 });
  // the listener sees it, so the next test's empty list means something
  // (each is reported once per policy: the header and the meta tag)
  await expect.poll(() => violations.some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);
  await expect.poll(() => violations.some((v) => v.startsWith('script-src blocked eval'))).toBe(true);
});

test('no CSP violation while opening the gallery, running a page with 2-D and 3-D plots on both backends, and Diagnostics', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(300_000);
  const violations = await watchViolations(page);
  await page.goto('/?backend=webgpu#/');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByRole('heading', { name: 'Experiments' })).toBeVisible();
  // the offline service worker (its script gets the header's policy) installs and precaches under the policy
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 90_000 });
  // WebGPU kernels and plotly's 2-D plots under the policy
  await page.locator('a[href="#/spectrum"]').first().click();
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const plots = page.locator('[data-testid^="plot-"][data-rendered="true"]');
  await expect.poll(() => plots.count()).toBeGreaterThan(0);
  // subspace clustering adds heatmaps and a 3-D scatter (plotly's WebGL traces), here on the cpu backend
  await page.goto('/?backend=cpu#/subspace-clustering');
  expect(await engineReady(page)).toBe('cpu');
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  await expect.poll(() => plots.count()).toBeGreaterThan(2);
  await expect(page.locator('.js-plotly-plot .gl-container canvas').first()).toBeAttached();
  await page.goto('/?backend=cpu#/diagnostics');
  await expect(page.getByTestId('live-tensors')).toHaveText('0');
  expect(violations, violations.join('\n')).toEqual([]);
});
