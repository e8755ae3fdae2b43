// The subspace-clustering page: the quick preset (with label-free deep SSC) runs on WebGPU, every plot renders, headline holds.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'subspaces=3&dim=3&ambient=15&perSubspace=25&methods=kmeans,ssc,lsr,spectral,dsc&admmIterations=60&restarts=5&kssDim=3&dscPretrainEpochs=100&dscLatent=8';

test('subspace-clustering quick preset on webgpu: plots appear, deep SSC matches raw SSC', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(`/?backend=webgpu#/subspace-clustering?${QUICK}&seed=1&v=1`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const seconds = (Date.now() - t0) / 1000;
  console.log(`subspace-clustering quick preset on webgpu: ${seconds.toFixed(1)} s`);
  for (const id of ['scatter', 'affinity', 'scores', 'score-table', 'objective', 'admm-residual', 'dsc-stop', 'dsc-vs-ssc']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/subspace-clustering.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('subspace-clustering', 'quick');
    const m = r.metrics;
    return { dsc: m.dsc_acc as number, ssc: m.ssc_raw_acc as number, stop: m.dsc_stop_epoch as number, errors: m.curve_dsc as number[], live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  console.log(`webgpu quick: dsc_acc ${result.dsc}, ssc_raw_acc ${result.ssc}, dsc_stop_epoch ${result.stop}`);
  expect(result.dsc).toBeGreaterThanOrEqual(0.95);
  expect(result.ssc).toBeGreaterThanOrEqual(0.95);
  // the label-free rule: the run stopped at the first epoch whose relative error did not improve
  const e = result.errors;
  expect(e.length).toBe(result.stop);
  for (let t = 1; t < e.length - 1; t++) expect(e[t]).toBeLessThan(e[t - 1]);
  expect(e[e.length - 1]).toBeGreaterThanOrEqual(e[e.length - 2]);
  expect(result.live).toBe(0);
  expect(seconds).toBeLessThan(30);
});
