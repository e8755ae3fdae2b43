// The compression page: the quick preset runs on WebGPU, every plot renders, EoRA's identity holds in f32 and the
// learned LR²VQ beats the fixed SVD one at equal bits.
import { test, expect, engineReady } from './fixtures';

test('compression quick preset on webgpu: plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/compression?trainSteps=40&calibration=128&kSvdIters=1&lr2vqSteps=30&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  console.log(`compression quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['error-vs-size', 'lr2vq-training', 'compensation']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/compression.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('compression', 'quick');
    return { gap: r.metrics.eora_identity_gap as number, margin: r.metrics.eora_minus_svd as number, omp: r.metrics.omp_worst_growth as number,
      fixed: r.metrics.lr2vq_error_fixed as number, learned: r.metrics.lr2vq_error_learned as number, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  // every stage runs in f32 on WebGPU (factors, norms, OMP residuals): the identities hold to single precision
  expect(result.gap).toBeLessThan(1e-3);
  expect(result.margin).toBeLessThan(1e-3);
  expect(result.omp).toBeLessThanOrEqual(1e-5);
  // measured in float64: fixed 0.1218, learned 0.0716 at d = 16 (38400 bits)
  expect(result.learned).toBeLessThan(result.fixed);
  expect(result.fixed).toBeGreaterThan(0.1);
  expect(result.learned).toBeLessThan(0.09);
  expect(result.live).toBe(0);
});
