// The subspace-clustering page: the quick preset (with MLC) runs on WebGPU, every plot renders, MLC's learned Π wins.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'subspaces=3&dim=3&ambient=15&perSubspace=25&methods=kmeans,ssc,lsr,spectral,mlc&admmIterations=60&restarts=5&kssDim=3&mlcSteps=60';

test('subspace-clustering quick preset on webgpu: plots appear, MLC learned beats fixed', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  void pageErrors;
  await page.goto(`/?backend=webgpu#/subspace-clustering?${QUICK}&seed=1&v=1`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`subspace-clustering quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['scatter', 'affinity', 'scores', 'score-table', 'objective', 'admm-residual', 'mlc-training', 'mlc-membership']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/subspace-clustering.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('subspace-clustering', 'quick');
    const m = r.metrics;
    return { learned: m.mlc_acc_learned as number, fixed: m.mlc_acc_fixed as number, rows: m.mlc_row_error as number[], cols: m.mlc_col_error as number[], live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  console.log(`mlc_acc_learned ${result.learned}, mlc_acc_fixed ${result.fixed}`);
  expect(result.learned).toBeGreaterThanOrEqual(0.85);
  expect(result.learned).toBeGreaterThan(result.fixed + 0.1);
  for (const e of result.cols) expect(e).toBeLessThan(1e-5);
  for (const e of result.rows) expect(e).toBeLessThan(1e-2);
  expect(result.live).toBe(0);
});
