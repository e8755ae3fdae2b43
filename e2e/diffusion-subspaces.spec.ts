// The diffusion-subspaces page: the quick preset sweeps samples per class on WebGPU; the phase transition sits at N = d.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'maxPerClass=9&trials=1&refine=1&testPerClass=16&seed=1&v=1';

test('diffusion-subspaces quick preset on webgpu: error vanishes from N = d, plots appear', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  void pageErrors;
  await page.goto(`/?backend=webgpu#/diffusion-subspaces?${QUICK}`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const started = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  console.log(`diffusion-subspaces first run from the page (pipelines compiled cold): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const id of ['phase-transition', 'clustering-accuracy', 'denoising']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/diffusion-subspaces.png', fullPage: true });

  const result = await page.evaluate(async () => {
    const t0 = performance.now();
    const r = await window.subspaceLab.experiments.run('diffusion-subspaces', 'quick');
    const m = r.metrics;
    return {
      seconds: (performance.now() - t0) / 1000,
      oracle: m.error_oracle as number[],
      cluster: m.error_cluster as number[],
      transition: m.transition_oracle as number,
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`diffusion-subspaces quick on webgpu: ${result.seconds.toFixed(1)} s, errors ${result.cluster.map((e) => e.toFixed(3)).join(' ')}`);
  expect(result.transition).toBe(7);
  result.oracle.forEach((e, i) => (i + 1 >= 7 ? expect(e).toBeLessThan(1e-2) : expect(e).toBeCloseTo(Math.sqrt(7 - i - 1), 2)));
  result.cluster.forEach((e, i) => (i + 1 >= 7 ? expect(e).toBeLessThan(1e-2) : expect(e).toBeGreaterThan(0.9)));
  expect(result.live).toBe(0);
});
