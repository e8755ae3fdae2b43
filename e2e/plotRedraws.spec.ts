// A change redraws only the plots whose data changed: moving a live knob leaves the other plots' drawings alone.
import { test, expect, engineReady } from './fixtures';

test('moving the spectrum page’s k redraws the plots that show k and no other', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=cpu#/spectrum?source=image&size=128&k=16&seed=1&v=1');
  expect(await engineReady(page)).toBe('cpu');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const ids = ['spectrum', 'energy', 'error-vs-params', 'welore', 'reconstruction'];
  for (const id of ids) await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  // count plotly's draws of each plot from now on
  await page.evaluate((ids) => {
    const counts: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    (window as unknown as { __redraws: Record<string, number> }).__redraws = counts;
    for (const id of ids) {
      const graph = document.querySelector(`[data-testid="plot-${id}"] .js-plotly-plot`) as unknown as { on(ev: string, f: () => void): void };
      // every Plotly.react call ends in 'plotly_react' (or, when it replots from scratch, 'plotly_afterplot')
      for (const ev of ['plotly_react', 'plotly_afterplot']) graph.on(ev, () => counts[id]++);
    }
  }, ids);
  await page.locator('#param-k').fill('40');
  await expect(page.getByTestId('plot-reconstruction')).toContainText('rank-40');
  for (const id of ids) await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  // a redraw that should not happen would come within one throttle interval (750 ms) of the change
  await page.waitForTimeout(1500);
  const redraws = await page.evaluate(() => (window as unknown as { __redraws: Record<string, number> }).__redraws);
  // k is in the energy plot's marker line and the reconstruction; the spectrum, LoRD and WeLore plots do not depend on it
  expect(redraws.reconstruction).toBeGreaterThan(0);
  expect(redraws.energy).toBeGreaterThan(0);
  expect({ spectrum: redraws.spectrum, 'error-vs-params': redraws['error-vs-params'], welore: redraws.welore }).toEqual({ spectrum: 0, 'error-vs-params': 0, welore: 0 });
});
