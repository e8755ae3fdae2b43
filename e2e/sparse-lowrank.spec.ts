// The sparse-lowrank page: the quick preset trains dense, low-rank, SLTrain and LOST on WebGPU; all plots render.
import { test, expect, engineReady } from './fixtures';

const QUICK = '/?backend=webgpu#/sparse-lowrank?hidden=32&hiddenLayers=1&rank=4&steps=100&reportEvery=25&trainPerClass=40&lr=0.01&seed=1&v=1';

test('sparse-lowrank quick preset on webgpu: curves, spectra, parts and budget plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(240_000);
  await page.goto(QUICK);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-rank')).toHaveValue('4');
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  console.log(`sparse-lowrank quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['loss-curves', 'test-accuracy', 'spectrum', 'sltrain-parts', 'lost-parts', 'budget']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  // the budget bars show SLTrain's exact count: 4·(32 + 64) + ⌊0.03·32·64⌋ = 445 plus the dense head and biases (362)
  await expect(page.getByTestId('plot-budget')).toContainText('807');
  await page.screenshot({ path: 'e2e/output/sparse-lowrank.png', fullPage: true });
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
});
