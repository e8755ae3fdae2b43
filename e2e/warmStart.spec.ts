// Warm start: an open page compiles its pipelines in the worker before Run (with a visible hint), then plotly warms up, so the first run compiles none; Run during the warm-up cancels it.
import { test, expect, engineReady, plotlyWarmedUp } from './fixtures';
import type { Page } from '@playwright/test';
import PERF_MARK_NAMES from '../src/runner/perfMarkNames.json' with { type: 'json' };

const pipelineStats = (page: Page) => page.evaluate(async () => (await window.subspaceLab.debug.pipelines())!.stats);
/** How many times the page marked its pipelines warm (the app bench presses the preset after this mark). */
const warmMarks = (page: Page) => page.evaluate((name) => performance.getEntriesByName(name).length, PERF_MARK_NAMES.pipelinesWarm);

test('the page warms its pipelines while it is read, shows it, and its first run compiles none', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/diffusion-subspaces');
  expect(await engineReady(page)).toBe('webgpu');
  const hint = page.getByTestId('warmup-status');
  await expect(hint).toHaveText(/^ ?Preparing kernels… \d+\/\d+$/);
  const total = Number((await hint.textContent())!.split('/')[1]);
  await expect(hint).toHaveCount(0, { timeout: 120_000 });
  const warmed = await pipelineStats(page);
  expect(warmed).toMatchObject({ compiledAhead: total, compiledOnDemand: 0 });
  expect(await warmMarks(page)).toBe(1);
  // plotly's warm-up draws wait for the compile (both want the cores of a software GPU's machine)
  await plotlyWarmedUp(page);
  const order = await page.evaluate((m) => ({
    compiled: performance.getEntriesByName(m.pipelinesWarm)[0].startTime,
    firstDraw: performance.getEntriesByName(m.plotlyWarmupStart)[0].startTime,
  }), PERF_MARK_NAMES);
  expect(order.firstDraw, "plotly's first warm-up draw comes after the pipelines are compiled").toBeGreaterThan(order.compiled);
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect((await pipelineStats(page)).compiledOnDemand).toBe(0);
});

test('Run during the warm-up stops it; the run compiles the rest itself and finishes', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/diffusion-subspaces');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('warmup-status')).toBeVisible();
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('warmup-status')).toHaveCount(0);
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const stats = await pipelineStats(page);
  expect(stats.compiledAhead).toBeGreaterThan(0);
  expect(stats.compiledOnDemand).toBeGreaterThan(0);
  expect(await warmMarks(page), 'a cancelled warm-up is not marked warm').toBe(0);
});

test('?warm=0 leaves warming off: nothing compiles before Run', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu&warm=0#/spectrum');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  // the page starts its warm-up after the next frame and an idle callback (timeout 2 s): give it longer than that
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('warmup-status')).toHaveCount(0);
  expect(await pipelineStats(page)).toMatchObject({ compiledAhead: 0, compiledOnDemand: 0 });
});
