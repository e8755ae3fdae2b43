// The galore page: the quick preset races five optimizers on WebGPU (Q-GaLore with int8 weights), then WeLore fine-tunes the GaLore net; all plots render, nothing leaks.
import { test, expect, engineReady } from './fixtures';

const QUICK = '/?backend=webgpu#/galore?hidden=32&depth=1&rank=4&gap=20&lr=0.005&batchSize=32&steps=60&reportEvery=20&queueSize=1&svdMethod=randomized&trainPerClass=40&weloreSteps=40&seed=1&v=1';

test('galore quick preset on webgpu: loss, energy, memory, weight-memory, SVD and WeLore plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(QUICK);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-rank')).toHaveValue('4');
  const started = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`galore quick on webgpu: ${seconds.toFixed(1)} s from click to done`);
  for (const id of ['loss', 'energy', 'memory', 'weights', 'svds', 'welore-spectra', 'welore-split', 'welore-finetune']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/galore.png', fullPage: true });
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
  const m = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('galore', 'quick');
    const n = (k: string) => r.metrics[k] as number;
    return {
      welore_acc: n('welore_acc'), lora_acc: n('lora_acc'), full_acc: n('full_acc'), zero_shot_acc: n('zero_shot_acc'),
      welore_params: n('welore_params'), lora_params: n('lora_params'), full_params: n('full_params'),
      ranks: r.metrics.welore_ranks_galore as number[], lrc: r.metrics.lrc_layers as number[],
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`galore quick WeLore metrics on webgpu: ${JSON.stringify(m)}`);
  expect(m.welore_params).toBeGreaterThan(0);
  expect(m.lora_params).toBe(m.welore_params); // LoRA at equal trainable parameters
  expect(m.welore_params).toBeLessThan(m.full_params);
  for (const k of ['welore_acc', 'lora_acc', 'full_acc'] as const) expect(m[k], k).toBeGreaterThan(m.zero_shot_acc + 0.2); // fine-tuning undoes the shift
  expect(m.live).toBe(0);
});
