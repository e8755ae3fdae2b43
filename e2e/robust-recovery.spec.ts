// The robust-recovery page: the quick preset runs ℓ1 SubGM and ℓ2 GD on WebGPU, its three plots render, ℓ1 wins under outliers.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'iterations=300&decay=0.97&every=20&seed=1&v=1';

test('robust-recovery quick preset on webgpu: ℓ1 SubGM recovers X* despite outliers, plots appear', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  void pageErrors;
  await page.goto(`/?backend=webgpu#/robust-recovery?${QUICK}`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const started = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`robust-recovery quick preset on webgpu, from the page: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const id of ['error-vs-iteration', 'singular-values', 'error-vs-outliers']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/robust-recovery.png', fullPage: true });

  const result = await page.evaluate(async () => {
    const t0 = performance.now();
    const r = await window.subspaceLab.experiments.run('robust-recovery', 'quick');
    return {
      seconds: (performance.now() - t0) / 1000,
      l1: r.metrics.final_error_l1 as number,
      l2: r.metrics.final_error_l2 as number,
      spurious: r.metrics.spurious_l1 as number,
      spuriousLarge: r.metrics.spurious_large as number,
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`robust-recovery quick via the API: ${result.seconds.toFixed(1)} s; final_error_l1 ${result.l1.toExponential(2)}, final_error_l2 ${result.l2.toExponential(3)}, spurious σ ${result.spurious.toExponential(2)} (α = 1: ${result.spuriousLarge.toExponential(2)})`);
  // float64 gives 4.1e-4 and 2.55 on this seed; f32 lands within a few percent of both
  expect(result.l1).toBeLessThan(1e-3);
  expect(result.l2).toBeGreaterThan(10 * result.l1);
  expect(result.l2).toBeGreaterThan(2);
  expect(result.spurious).toBeLessThan(result.spuriousLarge / 3);
  expect(result.live).toBe(0);
});
