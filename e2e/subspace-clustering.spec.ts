// The subspace-clustering page: the quick preset (with label-free deep SSC and learned MLC) runs on WebGPU, every plot renders, the headlines hold.
import { readFile } from 'node:fs/promises';
import { test, expect, engineReady } from './fixtures';
import { countProgramLinks, expectPreparedScene, programsLinked, scenePrepared } from './scene3d';

const QUICK = 'subspaces=3&dim=3&ambient=15&perSubspace=25&methods=kmeans,ssc,lsr,spectral,dsc,mlc&admmIterations=60&restarts=5&kssDim=3&dscPretrainEpochs=100&dscLatent=8&mlcSteps=60';

test('subspace-clustering quick preset on webgpu: plots appear, deep SSC matches raw SSC, MLC learned beats fixed', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  void pageErrors;
  await countProgramLinks(page);
  await page.goto(`/?backend=webgpu#/subspace-clustering?${QUICK}&seed=1&v=1`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const preparedWidth = await scenePrepared(page);
  const linkedBeforeRun = await programsLinked(page);
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  console.log(`subspace-clustering quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['scatter', 'affinity', 'scores', 'score-table', 'objective', 'admm-residual', 'dsc-stop', 'dsc-vs-ssc', 'mlc-training', 'mlc-membership']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  // the 3-D scatter drew every point (3 subspaces × 25) into the scene prepared before Run
  expect(await expectPreparedScene(page, 'scatter', preparedWidth)).toBe(75);
  // its draws linked no WebGL program: the scene was prepared in the page's frame, so its axes were built already
  expect(await programsLinked(page) - linkedBeforeRun).toBe(0);
  // the affinity's colour bar, like every axis, keeps its tick labels without measuring each one (plotTraces)
  const overflow = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="plot-affinity"] .js-plotly-plot') as unknown as { _fullData: { colorbar: { ticklabeloverflow: string } }[]; _fullLayout: { yaxis: { ticklabeloverflow: string } } };
    return [gd._fullData[0].colorbar.ticklabeloverflow, gd._fullLayout.yaxis.ticklabeloverflow];
  });
  expect(overflow).toEqual(['allow', 'allow']);
  // its PNG is drawn from the figure off screen (plotly's own WebGL pixel ratio): a PNG file comes down
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png-scatter').click()]);
  expect(png.suggestedFilename()).toBe('subspace-clustering-scatter.png');
  const bytes = await readFile((await png.path())!);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(10_000);
  await page.screenshot({ path: 'e2e/output/subspace-clustering.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('subspace-clustering', 'quick');
    const m = r.metrics;
    return {
      dsc: m.dsc_acc as number, ssc: m.ssc_raw_acc as number, stop: m.dsc_stop_epoch as number, errors: m.curve_dsc as number[],
      learned: m.mlc_acc_learned as number, fixed: m.mlc_acc_fixed as number, rows: m.mlc_row_error as number[], cols: m.mlc_col_error as number[],
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`webgpu quick: dsc_acc ${result.dsc}, ssc_raw_acc ${result.ssc}, dsc_stop_epoch ${result.stop}; mlc_acc_learned ${result.learned}, mlc_acc_fixed ${result.fixed}`);
  expect(result.dsc).toBeGreaterThanOrEqual(0.95);
  expect(result.ssc).toBeGreaterThanOrEqual(0.95);
  // the label-free rule: the run stopped at the first epoch whose relative error did not improve
  const e = result.errors;
  expect(e.length).toBe(result.stop);
  for (let t = 1; t < e.length - 1; t++) expect(e[t]).toBeLessThan(e[t - 1]);
  expect(e[e.length - 1]).toBeGreaterThanOrEqual(e[e.length - 2]);
  // MLC: the learned membership clusters better than the fixed reading, and Π stays doubly stochastic
  expect(result.learned).toBeGreaterThanOrEqual(0.85);
  expect(result.learned).toBeGreaterThan(result.fixed + 0.1);
  for (const c of result.cols) expect(c).toBeLessThan(1e-5);
  for (const r of result.rows) expect(r).toBeLessThan(1e-2);
  expect(result.live).toBe(0);
});
