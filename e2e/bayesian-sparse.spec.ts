// The bayesian-sparse page: the quick preset runs on WebGPU, its five plots render, and SSVI's headline metrics hold.
import { test, expect, engineReady } from './fixtures';

test('bayesian-sparse quick preset on webgpu: plots appear, support size fixed, exact sparsity', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/bayesian-sparse?densities=0.05&batchSize=32&steps=300&reportEvery=50&updateEvery=50&evalSamples=8&trainPerClass=100&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`bayesian-sparse quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['elbo', 'test-nll', 'density', 'reliability', 'support']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/bayesian-sparse.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('bayesian-sparse', 'quick');
    const m = r.metrics;
    return {
      supportSize: m.support_size as number, dimension: m.dimension as number, trace: m.support_size_trace as number[],
      offSupport: m.off_support_nonzero as number, testNll: m.test_nll as number, ece: m.ece as number, accuracy: m.test_accuracy as number,
      ssviSweep: m.sweep_ssvi_accuracy as number[], prunedSweep: m.sweep_pruned_accuracy as number[],
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`support_size ${result.supportSize}, test_nll ${result.testNll.toFixed(4)}, ece ${result.ece.toFixed(4)}, accuracy ${result.accuracy.toFixed(4)}`);
  expect(result.supportSize).toBe(Math.floor(0.1 * result.dimension));
  for (const s of result.trace) expect(s).toBe(result.supportSize);
  expect(result.offSupport).toBe(0);
  // the float64 run gives test NLL 0.267, ECE 0.086, accuracy 0.928; f32 on WebGPU stays within 1e-3 of these
  expect(Math.abs(result.testNll - 0.2674)).toBeLessThan(2e-3);
  expect(Math.abs(result.ece - 0.0858)).toBeLessThan(2e-3);
  expect(result.accuracy).toBeGreaterThan(0.9);
  // at 5% density SSVI beats the dense BNN pruned after training
  expect(result.ssviSweep[0]).toBeGreaterThan(result.prunedSweep[0] + 0.2);
  expect(result.live).toBe(0);
});
