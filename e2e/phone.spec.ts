// On a phone (390×844, touch): no sideways scrolling, every control labelled and reachable, plots fit; classroom mode by tap and swipe.
import { test, expect, engineReady } from './fixtures';
import { expectControlsUsable, expectNoSidewaysScroll, expectPlotsFit, swipe } from './layoutChecks';

const WIDTH = 390;
test.use({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

test('the gallery on a phone: one column, nothing sideways, every control named and big enough to tap', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/');
  await engineReady(page);
  await expect(page.getByRole('heading', { name: 'Experiments' })).toBeVisible();
  await expectNoSidewaysScroll(page, WIDTH);
  expect(await expectControlsUsable(page, 40)).toBeGreaterThan(20);
  await page.screenshot({ path: 'e2e/output/phone-gallery.png' });
});

test('spectrum on a phone: tap Run, five plots each within the screen, before and after the run', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?size=64&k=8&seed=2&v=1');
  await engineReady(page);
  await expectNoSidewaysScroll(page, WIDTH);
  await expectControlsUsable(page, 40);
  await page.getByTestId('run').tap();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  for (const id of ['spectrum', 'energy', 'error-vs-params', 'welore', 'reconstruction']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  expect(await expectPlotsFit(page)).toBe(5);
  await expectNoSidewaysScroll(page, WIDTH);
  await expectControlsUsable(page, 40);
  await page.screenshot({ path: 'e2e/output/phone-spectrum.png', fullPage: true });
});

test('sampling on a phone: its knobs, run and plots fit the screen', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/sampling?rows=256&cols=8&spikes=4&mMin=24&mMax=128&mSteps=4&trials=3&directions=32&irls=20&seed=1&v=1');
  await engineReady(page);
  await expectNoSidewaysScroll(page, WIDTH);
  await expectControlsUsable(page, 40);
  await page.getByTestId('run').tap();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.locator('figure.plot[data-rendered="true"]').first()).toBeVisible();
  await expect(page.locator('figure.plot[data-rendered="false"]')).toHaveCount(0);
  expect(await expectPlotsFit(page)).toBeGreaterThanOrEqual(2);
  await expectNoSidewaysScroll(page, WIDTH);
  await expectControlsUsable(page, 40);
});

test('classroom mode by touch: a tap runs, swipes walk the plots, the keys still work', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?size=64&k=8&seed=2&classroom=1&v=1');
  await engineReady(page);
  await expect(page.getByTestId('classroom-touch')).toBeVisible();
  await expectNoSidewaysScroll(page, WIDTH);
  // a tap on the empty plot area, away from its Run button
  await page.getByTestId('plots-empty').tap({ position: { x: 8, y: 8 } });
  const controls = page.getByTestId('run-controls');
  await expect(controls).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const position = page.getByTestId('plot-position');
  await expect(position).toHaveText(/Plot 1 of \d/);
  const count = Number((await position.textContent())!.match(/of (\d+)/)![1]);
  expect(count).toBeGreaterThanOrEqual(4);
  await expect(page.locator('figure.plot')).toHaveAttribute('data-rendered', 'true');

  await swipe(page, '[data-testid="plot-stage"]', -200);
  await expect(position).toHaveText(`Plot 2 of ${count}`);
  await swipe(page, '[data-testid="plot-stage"]', -200);
  await expect(position).toHaveText(`Plot 3 of ${count}`);
  await swipe(page, '[data-testid="plot-stage"]', 200);
  await expect(position).toHaveText(`Plot 2 of ${count}`);
  // a short drag is neither a tap nor a swipe: nothing changes, no run starts
  await swipe(page, '[data-testid="plot-stage"]', -30);
  await expect(position).toHaveText(`Plot 2 of ${count}`);
  await expect(controls).toHaveAttribute('data-status', 'done');
  await expect(page.locator('figure.plot')).toHaveAttribute('data-rendered', 'true');
  expect(await expectPlotsFit(page)).toBe(1);
  await expectNoSidewaysScroll(page, WIDTH);
  // keys still drive it
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(`Plot 1 of ${count}`);
  await page.screenshot({ path: 'e2e/output/phone-classroom.png' });
});
