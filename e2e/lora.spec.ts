// The lora page: the quick preset runs on WebGPU, its three plots render, and the init checks hold in f32.
import { test, expect, engineReady } from './fixtures';

test('lora quick preset on webgpu: plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/lora?pretrainSteps=40&trainPerClass=50&steps=50&convChannels=4&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  console.log(`lora quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['accuracy-vs-params', 'cos-full', 'conv-accuracy-vs-params']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/lora.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('lora', 'quick');
    const m = r.metrics;
    return { sb: m.lorasb_init_gap as number, start: m.svfit_start_gap as number, grad: m.svfit_grad_error as number, full: m.full_accuracy as number, flora: m.flora_accuracy as number[], live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  // f32 factors and kernels on WebGPU: the identities hold to single precision, differences to f32 noise
  expect(result.sb).toBeLessThan(1e-4);
  expect(result.start).toBeLessThan(1e-4);
  expect(result.grad).toBeLessThan(0.05);
  expect(result.full).toBeGreaterThan(0.6);
  expect(result.flora.length).toBe(3);
  expect(result.live).toBe(0);
});
