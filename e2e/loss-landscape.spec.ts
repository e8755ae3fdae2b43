// The loss-landscape page: the quick preset trains SGD and SAF on WebGPU; curves, λ_max, slices, contours, surface.
import { test, expect, engineReady } from './fixtures';
import { countProgramLinks, expectPreparedScene, programsLinked, scenePrepared } from './scene3d';

const QUICK = '/?backend=webgpu#/loss-landscape?hidden=16&trainPerClass=30&batchSize=30&epochs=8&safLag=2&safStart=2&hessianSamples=100&powerIters=10&hessianEvery=2&evalSamples=150&points1d=21&grid=11&seed=1&v=1';

test('loss-landscape quick preset on webgpu: all six plots render, the surface switches runs live', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(300_000);
  await countProgramLinks(page);
  await page.goto(QUICK);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-grid')).toHaveValue('11');
  const preparedWidth = await scenePrepared(page);
  const linkedBeforeRun = await programsLinked(page);
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  console.log(`loss-landscape quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['loss-curves', 'sharpness', 'slice-1d', 'pca-sgd', 'pca-saf', 'surface']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await expect(page.getByTestId('plot-surface')).toContainText('SGD');
  // the surface is the 11×11 grid's own points, drawn into the scene prepared before Run
  expect(await expectPreparedScene(page, 'surface', preparedWidth)).toBe(121);
  // its draws linked no WebGL program: the scene was prepared in the page's frame, so its axes were built already
  expect(await programsLinked(page) - linkedBeforeRun).toBe(0);
  // "Surface of" is a live field: the other run's surface is drawn from the same results, no new run
  await page.locator('#param-surfaceRun').selectOption('saf');
  await expect(page.getByTestId('plot-surface')).toContainText('SAF');
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done');
  expect(await expectPreparedScene(page, 'surface')).toBe(121);
  await page.screenshot({ path: 'e2e/output/loss-landscape.png', fullPage: true });
  // a second run clears the plots: its surface takes the scene the first run's plot gave back, no new one
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('plot-surface')).toHaveAttribute('data-rendered', 'true');
  expect(await expectPreparedScene(page, 'surface')).toBe(121);
  // the other run's surface and the second run's drew in the same frame: still no program linked
  expect(await programsLinked(page) - linkedBeforeRun).toBe(0);
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
});
