// How a page opens: a linked experiment renders whole on the first render, and plotly's drawing code is warmed up off screen before Run.
import { test, expect, engineReady, plotlyWarmedUp } from './fixtures';
import PERF_MARK_NAMES from '../src/runner/perfMarkNames.json' with { type: 'json' };

test('a linked experiment renders whole on its first render, with no "Loading…" step re-rendered in one long task', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    // what React adds to #root, in order: a "Loading…" placeholder for the experiment would show here
    new MutationObserver((records) => {
      for (const r of records) for (const n of Array.from(r.addedNodes)) {
        if (!(n instanceof HTMLElement) || !n.closest('#root')) continue;
        const within = [n, ...Array.from(n.querySelectorAll('*'))];
        if (within.some((e) => e.matches('[data-testid="experiment-page"]'))) seen.push('page');
        if (within.some((e) => e.children.length === 0 && e.textContent?.trim() === 'Loading…')) seen.push('loading');
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/?backend=cpu#/rate-reduction?seed=3');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-seed')).toHaveValue('3');
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['page']);
});

test('before Run, plotly draws its warm-up figures off screen and removes them; the run then draws every plot', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=cpu#/spectrum');
  expect(await engineReady(page)).toBe('cpu');
  await plotlyWarmedUp(page);
  const warm = await page.evaluate((m) => ({
    starts: performance.getEntriesByName(m.plotlyWarmupStart).length,
    ends: performance.getEntriesByName(m.plotlyWarmupEnd).length,
    left: document.querySelectorAll('[data-plotly-warmup]').length,
    plots: document.querySelectorAll('figure.plot').length,
  }), PERF_MARK_NAMES);
  expect(warm.starts).toBeGreaterThanOrEqual(3);
  expect(warm.ends).toBe(warm.starts);
  expect(warm.left, 'every warm-up figure was purged and removed').toBe(0);
  expect(warm.plots, 'nothing was drawn on the page itself').toBe(0);
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const figures = page.locator('figure.plot');
  await expect(figures.first()).toBeVisible();
  for (const f of await figures.all()) await expect(f).toHaveAttribute('data-rendered', 'true');
  expect(await page.locator('[data-plotly-warmup]').count()).toBe(0);
});

test("the card's first paragraph comes with the page, each later one a frame after the one before, the knobs and panels after the last", async ({ page, pageErrors }) => {
  void pageErrors;
  await page.addInitScript(() => {
    const at: { card?: number; knobs?: number; paragraphs: number[] } = { paragraphs: [] };
    (window as unknown as { at: typeof at }).at = at;
    let frames = 0;
    const tick = () => {
      frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // the frame count when the card, each of its paragraphs and the knobs first appear
    new MutationObserver(() => {
      if (at.card === undefined && document.querySelector('[data-testid="panel-card"]')) at.card = frames;
      const shown = document.querySelectorAll('[data-testid="panel-card"] > p').length;
      while (at.paragraphs.length < shown) at.paragraphs.push(frames);
      if (at.knobs === undefined && document.querySelector('[data-testid="preset-quick"]')) at.knobs = frames;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/?backend=cpu#/rate-reduction');
  await expect(page.getByTestId('preset-quick')).toBeVisible();
  const at = await page.evaluate(() => (window as unknown as { at: { card?: number; knobs?: number; paragraphs: number[] } }).at);
  const paragraphs = await page.locator('[data-testid="panel-card"] > p').count();
  expect(at.card, 'the card appeared').toBeDefined();
  expect(paragraphs, 'a card of several paragraphs').toBeGreaterThanOrEqual(3);
  expect(at.paragraphs, 'every paragraph was seen arriving').toHaveLength(paragraphs);
  expect(at.paragraphs[0], 'the first paragraph comes with the card').toBe(at.card);
  for (let i = 1; i < paragraphs; i++) expect(at.paragraphs[i], `paragraph ${i + 1} comes in a later frame than paragraph ${i}`).toBeGreaterThan(at.paragraphs[i - 1]);
  expect(at.knobs!, 'the knobs come after the last paragraph').toBeGreaterThan(at.paragraphs[paragraphs - 1]);
});
