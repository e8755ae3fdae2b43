// The legend the page draws for each plot (plotly draws none on screen): its entries are plotly's, a click, a key or a double click hides traces in the plot, and image exports carry plotly's own legend.
import { readFile } from 'node:fs/promises';
import { test, expect, engineReady } from './fixtures';

const QUICK_LINK = '/#/spectrum?size=128&k=16&seed=5&v=1';

type Drawn = { visible: unknown; name: unknown }[];

/** The traces plotly drew for a plot: visible and name of each, as the page gave them to it. */
async function drawnTraces(page: import('@playwright/test').Page, plotId: string): Promise<Drawn> {
  return page.getByTestId(`plot-${plotId}`).locator('.js-plotly-plot').evaluate((gd) => (gd as unknown as { data: { visible?: unknown; name?: unknown }[] }).data.map((t) => ({ visible: t.visible ?? true, name: t.name })));
}

test('a plot’s legend lists plotly’s entries, hides and isolates traces by click, key and double click, and exports keep a legend', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(QUICK_LINK);
  await engineReady(page);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const figure = page.getByTestId('plot-error-vs-params');
  await expect(figure).toHaveAttribute('data-rendered', 'true');

  // the entries are the traces plotly itself would list, by the names it resolved; plotly draws no legend of its own
  const legend = figure.getByTestId('plot-legend');
  const entries = legend.getByRole('button');
  const listed = await figure.locator('.js-plotly-plot').evaluate((gd) => (gd as unknown as { _fullData: { name: string; showlegend: boolean }[] })._fullData.filter((t) => t.showlegend).map((t) => t.name));
  expect(listed).toEqual(['‖A − A_k‖_F', 'dense (m·n)']);
  await expect(entries).toHaveText(listed);
  await expect(figure.locator('.js-plotly-plot g.legend')).toHaveCount(0);
  const pressed = () => entries.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-pressed')));
  expect(await pressed()).toEqual(['true', 'true']);

  // a click hides the trace: drawn legend-only, so its point leaves the plot
  await entries.nth(1).click();
  await expect(entries.nth(1)).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => drawnTraces(page, 'error-vs-params')).toEqual([{ visible: true, name: '‖A − A_k‖_F' }, { visible: 'legendonly', name: 'dense (m·n)' }]);
  await expect(figure.locator('.js-plotly-plot .scatterlayer .trace')).toHaveCount(1);

  // the keyboard reaches it: Enter shows the trace again
  await entries.nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(entries.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => drawnTraces(page, 'error-vs-params')).toEqual([{ visible: true, name: '‖A − A_k‖_F' }, { visible: true, name: 'dense (m·n)' }]);

  // a double click shows one entry alone; another brings every trace back
  await entries.nth(0).dblclick();
  await expect(entries.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(entries.nth(1)).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => drawnTraces(page, 'error-vs-params')).toEqual([{ visible: true, name: '‖A − A_k‖_F' }, { visible: 'legendonly', name: 'dense (m·n)' }]);
  await entries.nth(0).dblclick();
  await expect.poll(pressed).toEqual(['true', 'true']);
  await expect.poll(() => drawnTraces(page, 'error-vs-params')).toEqual([{ visible: true, name: '‖A − A_k‖_F' }, { visible: true, name: 'dense (m·n)' }]);

  // the image carries plotly's legend, with a hidden trace listed (as plotly lists a legend-only trace)
  await entries.nth(1).click();
  await expect.poll(() => drawnTraces(page, 'error-vs-params').then((t) => t[1].visible)).toBe('legendonly');
  const [svg] = await Promise.all([page.waitForEvent('download'), figure.getByTestId('export-svg-error-vs-params').click()]);
  const text = await readFile((await svg.path())!, 'utf8');
  expect(text).toContain('class="legend"');
  expect(text).toContain('dense (m·n)');
  expect(text).toContain('‖A − A_k‖_F');
  // a plot whose spec turns the legend off has none (spectrum's reconstruction panels are heatmaps: nothing to list)
  await expect(page.getByTestId('plot-reconstruction').getByTestId('plot-legend')).toHaveCount(0);
});
