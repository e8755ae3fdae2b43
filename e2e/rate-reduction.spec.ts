// The rate-reduction page: the quick preset trains MCR² features, runs the CRATE stack and trains a CRATE on WebGPU; plots render.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'samples=48&hidden=16&featureDim=6&steps=100&lr=0.01&crateImages=8&crateLayers=3&crateTrainImages=48&crateTestImages=64&crateTrainSteps=40&crateTrainLayers=2&crateLr=0.02&seed=1&v=1';

test('rate-reduction quick preset on webgpu: ΔR grows, CRATE compresses and sparsifies, trained CRATE beats random, plots appear', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  void pageErrors;
  await page.goto(`/?backend=webgpu#/rate-reduction?${QUICK}`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const started = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  console.log(`rate-reduction first run from the page (pipelines compiled cold): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const id of ['rates', 'spectra', 'gram', 'membership', 'crate-compression', 'crate-sparsity', 'crate-training', 'crate-layer-rc', 'crate-layer-sparsity']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/rate-reduction.png', fullPage: true });

  const result = await page.evaluate(async () => {
    const t0 = performance.now();
    const r = await window.subspaceLab.experiments.run('rate-reduction', 'quick');
    const m = r.metrics;
    return {
      seconds: (performance.now() - t0) / 1000,
      deltaR: m.rate_deltaR as number[],
      initial: m.deltaR_initial as number,
      final: m.deltaR_final as number,
      rc: m.crate_Rc as number[],
      sparsity: m.crate_sparsity as number[],
      loss: m.crate_train_loss as number[],
      accTrained: m.crate_acc_trained as number,
      accRandom: m.crate_acc_random as number,
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`rate-reduction quick on webgpu: ${result.seconds.toFixed(1)} s, ΔR ${result.initial.toFixed(3)} → ${result.final.toFixed(3)}`);
  expect(result.final).toBeGreaterThan(result.initial + 0.3);
  for (let l = 0; l < result.rc.length / 3; l++) {
    expect(result.rc[3 * l + 1]).toBeLessThan(result.rc[3 * l]);
    expect(result.sparsity[3 * l + 2]).toBeGreaterThan(0.3);
  }
  console.log(`trained CRATE on webgpu: loss ${result.loss[0].toFixed(3)} → ${result.loss.at(-1)!.toFixed(3)}, test accuracy ${result.accTrained} (random CRATE ${result.accRandom})`);
  expect(result.loss.at(-1)!).toBeLessThan(0.5 * result.loss[0]);
  expect(result.accTrained).toBeGreaterThan(result.accRandom + 0.15);
  expect(result.live).toBe(0);
});
