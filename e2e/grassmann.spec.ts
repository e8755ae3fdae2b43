// The grassmann page: the quick preset runs on WebGPU, its three plots render, and the subspaces stayed orthonormal (f32).
import { test, expect, engineReady } from './fixtures';

test('grassmann quick preset on webgpu: plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/grassmann?trunkSteps=40&trainPerClass=50&headSteps=120&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`grassmann quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['accuracy', 'variability', 'angles']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/grassmann.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('grassmann', 'quick');
    return { ortho: r.metrics.worst_orthonormality as number, gap: r.metrics.k1_cosine_gap as number, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  // the heads train in f32 on WebGPU: orthonormality and the k = 1 identity hold to single precision
  expect(result.ortho).toBeLessThan(1e-5);
  expect(result.gap).toBeLessThan(1e-4);
  expect(result.live).toBe(0);
});
