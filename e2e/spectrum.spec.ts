// The spectrum page: the quick preset runs on WebGPU, its plots appear, and the k slider re-plots without a new run.
import { test, expect, engineReady } from './fixtures';

test('spectrum quick preset on webgpu: plots appear and Eckart–Young holds', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/spectrum?source=image&size=128&k=16&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  for (const id of ['spectrum', 'energy', 'error-vs-params', 'welore', 'reconstruction']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await expect(page.getByTestId('plot-reconstruction').locator('.main-svg').first()).toBeVisible();
  // the live slider: changing k re-plots from the computed factors, no new run
  await page.locator('#param-k').fill('40');
  await expect(page.getByTestId('plot-reconstruction')).toContainText('rank-40');
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done');
  expect(page.url()).toContain('k=40');
  await page.screenshot({ path: 'e2e/output/spectrum.png', fullPage: true });

  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('spectrum', 'quick');
    return { gap: r.metrics.eckart_young_gap as number, n: (r.metrics.sigma as number[]).length, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  expect(result.n).toBe(128);
  expect(result.gap).toBeLessThan(1e-4);
  expect(result.live).toBe(0);
});
