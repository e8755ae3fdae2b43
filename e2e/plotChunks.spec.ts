// Plotly loads in two lazy chunks: a 2-D page fetches only the cartesian bundle, a page with 3-D plots only the full one, each idle before Run.
import type { Page } from '@playwright/test';
import { test, expect, engineReady } from './fixtures';

/** Paths of the plotly chunks the page requests from now on. */
function watchPlotChunks(page: Page): string[] {
  const chunks: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/plotly/i.test(path)) chunks.push(path);
  });
  return chunks;
}
const CARTESIAN = /\/plotly-cartesian[^/]*\.js$/;
const FULL = /\/plotly\.min[^/]*\.js$/;

test('a 2-D page loads only the cartesian plotly chunk, before Run, and draws every plot with it', async ({ page, pageErrors }) => {
  void pageErrors;
  const chunks = watchPlotChunks(page);
  await page.goto('/?backend=cpu#/spectrum?source=image&size=128&k=16&seed=1&v=1');
  expect(await engineReady(page)).toBe('cpu');
  // loaded while the page is idle, before anyone presses Run
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('subspace-lab:plotly-ready').length)).toBe(1);
  expect(chunks.filter((c) => CARTESIAN.test(c))).toHaveLength(1);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  for (const id of ['spectrum', 'energy', 'error-vs-params', 'welore', 'reconstruction']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  // the page's own marks: the run's first plot was drawn after it started
  const marks = await page.evaluate(() => ['run-start', 'first-plot', 'run-done'].map((m) => performance.getEntriesByName(`subspace-lab:${m}`).length));
  expect(marks).toEqual([1, 1, 1]);
  expect(chunks.filter((c) => FULL.test(c)), 'a 2-D page requested the 3-D (full) plotly chunk').toEqual([]);
  expect(chunks).toHaveLength(1);
});

test('a page with 3-D plots loads only the full plotly chunk, idle before Run', async ({ page, pageErrors }) => {
  void pageErrors;
  const chunks = watchPlotChunks(page);
  await page.goto('/?backend=cpu#/loss-landscape');
  expect(await engineReady(page)).toBe('cpu');
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('subspace-lab:plotly-3d-ready').length)).toBe(1);
  expect(chunks.filter((c) => FULL.test(c))).toHaveLength(1);
  expect(chunks.filter((c) => CARTESIAN.test(c))).toEqual([]);
});
