// Classroom mode on a projector (1366×768): the run controls and the whole current plot on one screen, without scrolling.
import { test, expect, engineReady } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

/** The element's box lies inside the viewport (no scrolling needed to see all of it). */
async function expectInView(page: import('@playwright/test').Page, selector: string): Promise<void> {
  const box = await page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, w: window.innerWidth, h: window.innerHeight };
  });
  expect(box.top, `${selector} top`).toBeGreaterThanOrEqual(0);
  expect(box.left, `${selector} left`).toBeGreaterThanOrEqual(0);
  expect(box.bottom, `${selector} bottom`).toBeLessThanOrEqual(box.h);
  expect(box.right, `${selector} right`).toBeLessThanOrEqual(box.w);
}

test('classroom on a projector: Run and every plot, one at a time, fit the screen unscrolled', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?size=64&k=8&seed=2&classroom=1&v=1');
  await engineReady(page);
  await expect(page.getByTestId('run')).toBeVisible();
  await expectInView(page, '[data-testid="run"]');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const position = page.getByTestId('plot-position');
  const count = Number((await position.textContent())!.match(/of (\d+)/)![1]);
  expect(count).toBeGreaterThanOrEqual(4);
  for (let i = 1; i <= count; i++) {
    await expect(position).toHaveText(`Plot ${i} of ${count}`);
    await expect(page.locator('figure.plot')).toHaveAttribute('data-rendered', 'true');
    await expectInView(page, 'figure.plot');
    await expectInView(page, '[data-testid="run"]');
    await expectInView(page, '[data-testid="plot-next"]');
    if (i < count) await page.keyboard.press('ArrowRight');
  }
  expect(await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY, h: document.documentElement.scrollHeight, ih: window.innerHeight }))).toEqual({
    x: 0,
    y: 0,
    h: 768,
    ih: 768,
  });
  // the plot uses the room it has: taller than the smallest fitted height
  expect(Number(await page.getByTestId('plot-stage').getAttribute('data-plot-height'))).toBeGreaterThan(200);
  await page.screenshot({ path: 'e2e/output/projector-classroom.png' });
});
