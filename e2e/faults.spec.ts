// Faults the lab survives: a lost GPU device mid-run, a size over the device's limits, uploads over a cap.
import type { Page } from '@playwright/test';
import { test, expect, engineReady } from './fixtures';

const QUICK = 'trunkSteps=40&trainPerClass=50&headSteps=120&seed=1&v=1';
// big enough that it cannot finish before the device is taken away
const LONG = 'trunkSteps=2000&trainPerClass=50&headSteps=5000&seed=1&v=1';

async function loseDevice(page: Page): Promise<void> {
  expect(await page.evaluate(() => window.subspaceLab.debug.loseDevice()), 'the test hook found a WebGPU device to destroy').toBe(true);
}

/** After a loss: the banner says so in words, the run failed with the reason, the engine is back on webgpu. */
async function expectSurvivedLoss(page: Page): Promise<void> {
  const banner = page.getByTestId('device-lost');
  await expect(banner).toContainText('The GPU device was lost');
  await expect(banner).toContainText('The plots drawn so far and the settings are kept');
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('run-error')).toContainText('The run failed: The GPU device was lost');
  await expect(banner).toHaveAttribute('data-engine', 'ready');
  await expect(banner).toContainText('The engine restarted on a new WebGPU device: press Run to run again.');
  expect(await engineReady(page)).toBe('webgpu');
  expect(await page.evaluate(() => window.subspaceLab.backend)).toBe('webgpu');
}

test('a device lost while a run is running: the run stops with the reason, plots and config stay, Run works again', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(240_000);
  await page.goto(`/?backend=webgpu#/grassmann?${LONG}`);
  expect(await engineReady(page)).toBe('webgpu');
  const link = page.url();
  await page.getByTestId('run').click();
  const accuracy = page.getByTestId('plot-accuracy');
  await expect(accuracy).toHaveAttribute('data-rendered', 'true', { timeout: 90_000 });
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'running');
  const pointsBefore = await accuracy.locator('.scatterlayer path.js-line').count();
  expect(pointsBefore).toBeGreaterThan(0);
  await loseDevice(page);
  await expectSurvivedLoss(page);
  // the history drawn so far is still on the page, and the link still holds the same config
  await expect(accuracy).toHaveAttribute('data-rendered', 'true');
  expect(await accuracy.locator('.scatterlayer path.js-line').count()).toBe(pointsBefore);
  expect(page.url()).toBe(link);
  await expect(page.locator('#param-headSteps')).toHaveValue('5000');
  // Run again on the new device, with the quick settings so it finishes
  await page.goto(`/?backend=webgpu#/grassmann?${QUICK}`);
  expect(await engineReady(page)).toBe('webgpu');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
});

test('a device lost while a run is paused, twice: each time the engine restarts and the same run then completes', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(240_000);
  await page.goto(`/?backend=webgpu#/grassmann?${QUICK}`);
  expect(await engineReady(page)).toBe('webgpu');
  for (let loss = 1; loss <= 2; loss++) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'paused');
    await expect(page.getByTestId('run-status')).toContainText('Paused at step 1 of');
    const progress = page.getByRole('progressbar', { name: 'Run progress' });
    const done = Number(await progress.getAttribute('value'));
    expect(done).toBeGreaterThan(0);
    await loseDevice(page);
    await expect(page.getByTestId('device-lost')).toHaveAttribute('data-losses', String(loss));
    await expect(page.getByTestId('device-lost')).toHaveAttribute('data-engine', 'ready');
    await page.getByTestId('resume').click();
    await expectSurvivedLoss(page);
    // the step taken before the loss is still the run's history
    expect(Number(await progress.getAttribute('value'))).toBe(done);
  }
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('plot-angles')).toHaveAttribute('data-rendered', 'true');
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
});

test('a product over the device buffer limit is refused through window.subspaceLab with the size and the limit named', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/');
  expect(await engineReady(page)).toBe('webgpu');
  const r = await page.evaluate(async () => {
    const lab = window.subspaceLab;
    const n = 40_000; // (n×1)·(1×n): 6.4 GB of output from two tiny inputs
    const a = { rows: n, cols: 1, data: new Float32Array(n).fill(1) };
    const b = { rows: 1, cols: n, data: new Float32Array(n).fill(1) };
    const message = await lab.linalg.matmul(a, b).then(() => 'computed', (e: Error) => `${e.name}: ${e.message}`);
    const small = await lab.linalg.matmul({ rows: 1, cols: 1, data: new Float32Array([3]) }, { rows: 1, cols: 1, data: new Float32Array([4]) });
    return { message, small: small.data[0], live: await lab.diagnostics.liveTensors() };
  });
  expect(r.message).toMatch(/^DeviceLimitError: a 1×40000×40000 tensor needs 5\.96 GiB \(6,400,000,000 bytes\), over this device's (maxStorageBufferBindingSize|maxBufferSize) of /);
  expect(r.small).toBe(12);
  expect(r.live).toBe(0);
  // Diagnostics shows the GPU buffer pool: nothing refused was allocated, the small product's buffers are idle in it
  await page.goto('/?backend=webgpu#/diagnostics');
  await expect(page.getByTestId('gpu-pool')).toHaveText(/^\d+ buffers, \d+\.\d MiB; \d+ idle \(\d+\.\d MiB\) in the pool$/);
  await expect(page.getByTestId('live-tensors')).toHaveText('0');
});

test('an upload over a cap is refused with the cap named, and the page keeps its dataset', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?source=upload&k=3&seed=1&v=1');
  await engineReady(page);
  const wide = `${Array.from({ length: 4097 }, (_, j) => j % 7).join(',')}\n`;
  await page.getByTestId('csv-file').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(wide) });
  await expect(page.getByTestId('upload-error')).toHaveText('Row 1 has 4097 columns; the limit is 4,096 columns.');
  await expect(page).not.toHaveURL(/dataset=user/);
});

test('a full IndexedDB refuses the upload in those words and keeps the datasets stored before', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?source=upload&k=3&seed=1&v=1');
  await engineReady(page);
  await page.getByTestId('csv-file').setInputFiles({ name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2,3\n4,5,6\n7,8,10\n') });
  await expect(page.getByTestId('upload-status')).toContainText('3 × 3');
  // from now on every write fails as a full disk does
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByTestId('csv-file').setInputFiles({ name: 'second.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n3,4\n5,7\n') });
  await expect(page.getByTestId('upload-error')).toHaveText(
    "The browser's storage for this site is full (QuotaExceededError), so “second.csv” (3 × 2, 0.0 MB) was not stored. " +
      "Datasets stored before are kept. Free space (the browser's site settings) or use a smaller file.",
  );
  const stored = page.getByTestId('stored-datasets').locator('option');
  await expect(stored.filter({ hasText: 'first.csv (3 × 3)' })).toHaveCount(1);
  await expect(stored.filter({ hasText: 'second.csv' })).toHaveCount(0);
});
