// The galore page: the quick preset races five optimizers on WebGPU (Q-GaLore with int8 weights); all five plots render and nothing leaks.
import { test, expect, engineReady } from './fixtures';

const QUICK = '/?backend=webgpu#/galore?hidden=32&depth=1&rank=4&gap=20&lr=0.005&batchSize=32&steps=60&reportEvery=20&queueSize=1&svdMethod=randomized&trainPerClass=40&seed=1&v=1';

test('galore quick preset on webgpu: loss, energy, memory, weight-memory and SVD plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(QUICK);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-rank')).toHaveValue('4');
  const started = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  console.log(`galore quick on webgpu: ${((Date.now() - started) / 1000).toFixed(1)} s from click to done`);
  for (const id of ['loss', 'energy', 'memory', 'weights', 'svds']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/galore.png', fullPage: true });
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
});
