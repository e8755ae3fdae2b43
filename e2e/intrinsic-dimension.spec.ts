// The intrinsic-dimension page: the quick preset trains on WebGPU, the d-sweep, training curves and toy plots appear.
import { test, expect, engineReady } from './fixtures';

test('intrinsic-dimension quick preset on webgpu: accuracy vs d with d_int90, curves and the toy appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/intrinsic-dimension');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  for (const id of ['accuracy-vs-d', 'training-curves', 'toy']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/intrinsic-dimension.png', fullPage: true });
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
});
