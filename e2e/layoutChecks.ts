// Layout checks shared by the phone and projector specs: sideways scrolling, controls' names, reach and size, plot boxes.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The app's controls (plotly's own mode bar is plotly's, and hidden until hovered). */
const CONTROLS = 'button, a[href], input, select, textarea, summary';

/** Nothing scrolls sideways: the page is exactly as wide as the screen and no wider. */
export async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  // a mobile browser widens its layout viewport to fit wide content, so innerWidth is checked too
  expect(size, 'the page scrolls sideways').toEqual({ scroll: width, inner: width });
}

/**
 * Every visible control has an accessible name and lies within the screen's width; buttons, selects,
 * text fields and disclosure summaries are at least `minTap` px tall (a finger's tap target); glossary terms inside
 * sentences are exempt, as inline links are.
 */
export async function expectControlsUsable(page: Page, minTap: number): Promise<number> {
  const controls = page.locator(`${CONTROLS}`).filter({ visible: true });
  const report = await controls.evaluateAll((els, minTap) => {
    const wide: string[] = [];
    const small: string[] = [];
    const tapKinds = new Set(['BUTTON', 'SELECT', 'SUMMARY', 'TEXTAREA']);
    for (const el of els) {
      if (el.closest('.modebar, .sr-only')) continue;
      const r = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}[${(el.getAttribute('data-testid') ?? el.textContent ?? '').trim().slice(0, 30)}]`;
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) wide.push(`${name} ${Math.round(r.left)}..${Math.round(r.right)}`);
      const textField = el.tagName === 'INPUT' && ['number', 'text', ''].includes((el as HTMLInputElement).type);
      // a glossary term is a word inside a sentence: inline targets are exempt from target size (WCAG 2.5.8), like links
      const inline = el.classList.contains('term-button');
      if ((tapKinds.has(el.tagName) || textField) && !inline && r.height < minTap - 0.5) small.push(`${name} ${r.height.toFixed(1)} px`);
    }
    return { count: els.length, wide, small };
  }, minTap);
  expect(report.wide, 'controls outside the screen').toEqual([]);
  expect(report.small, 'tap targets under the minimum').toEqual([]);
  const count = await controls.count();
  for (let i = 0; i < count; i++) {
    const c = controls.nth(i);
    if (await c.evaluate((el) => !!el.closest('.modebar, .sr-only'))) continue;
    await expect(c, `control #${i} has no accessible name`).toHaveAccessibleName(/\S/);
  }
  return report.count;
}

/** Every drawn plot (and plotly's SVG inside it) lies within the screen's width. */
export async function expectPlotsFit(page: Page): Promise<number> {
  const boxes = await page.locator('figure.plot').evaluateAll((els) =>
    els.map((el) => {
      const fig = el.getBoundingClientRect();
      const svg = el.querySelector('.main-svg')?.getBoundingClientRect();
      return { id: el.getAttribute('data-testid'), left: fig.left, right: fig.right, svgRight: svg?.right ?? 0, inner: window.innerWidth };
    }),
  );
  for (const b of boxes) {
    expect(b.left, `${b.id} starts off screen`).toBeGreaterThanOrEqual(0);
    expect(b.right, `${b.id} is wider than the screen`).toBeLessThanOrEqual(b.inner);
    expect(b.svgRight, `${b.id}'s plot is wider than its box`).toBeLessThanOrEqual(b.right);
  }
  return boxes.length;
}

/** A finger's horizontal swipe across `el` (real touch events through the DevTools protocol). */
export async function swipe(page: Page, selector: string, dx: number): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2 - dx / 2;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
  for (let i = 1; i <= 6; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + (dx * i) / 6, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
