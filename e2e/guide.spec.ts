// The guide as a student meets it: the start-here path and thumbnails on the gallery, glossary tooltips, one guided tour walked through.
import { test, expect, engineReady } from './fixtures';

test('the gallery shows the start-here path, a loaded thumbnail on every live card, and the glossary', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/');
  const path = page.getByTestId('start-here');
  await expect(path).toBeVisible();
  const lessons = path.locator('li.lesson');
  expect(await lessons.count()).toBeGreaterThanOrEqual(4);
  // every lesson links to a page with its preset's config in the hash
  for (const href of await path.locator('.lesson-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    expect(href).toMatch(/^#\/[a-z-]+\?.*seed=\d+.*v=1$/);
  }

  const live = await page.evaluate(async () => {
    await window.subspaceLab.ready;
    return window.subspaceLab.experiments.list().map((e) => e.id);
  });
  expect(live.length).toBe(24);
  for (const id of live) {
    const img = page.getByTestId(`thumb-${id}`);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { message: `thumbnail of ${id}` }).toBeGreaterThan(0);
  }

  const glossary = page.getByTestId('glossary');
  expect(await glossary.locator('dt').count()).toBeGreaterThanOrEqual(20);

  // a term in a lesson: its definition shows on keyboard focus, hides on Escape, and shows again on a tap
  const term = path.locator('button[data-term="low-rank"]').first();
  const tip = page.locator(`[id="${await term.getAttribute('aria-describedby')}"]`);
  await expect(tip).toBeHidden();
  await term.focus();
  await expect(tip).toBeVisible();
  await expect(tip).toHaveAttribute('role', 'tooltip');
  await expect(tip).toContainText('k(m+n)');
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await term.blur();
  await term.click();
  await expect(tip).toBeVisible();
  await page.screenshot({ path: 'e2e/output/guide-gallery.png' });

  // the first lesson's first link opens the spectrum page
  await path.locator('.lesson-links a').first().click();
  await expect(page.getByTestId('experiment-page')).toHaveAttribute('data-experiment', 'spectrum');
});

test('a guided tour walks forward and back, highlights its plot, applies a change and closes', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=cpu#/spectrum?size=128&k=16&seed=1&v=1');
  expect(await engineReady(page)).toBe('cpu');
  await page.getByTestId('tour-open').click();
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('tour-plot')).toContainText('press Run');
  await expect(page.getByTestId('tour-back')).toBeDisabled();

  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('tour-plot')).toContainText('Singular spectrum');
  await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-tour-highlight', 'true');
  await expect(page.locator('[data-tour-highlight]')).toHaveCount(1);

  await page.getByTestId('tour-next').click();
  await expect(tour).toHaveAttribute('data-step', '2');
  await expect(page.getByTestId('plot-energy')).toHaveAttribute('data-tour-highlight', 'true');
  await expect(page.getByTestId('plot-spectrum')).not.toHaveAttribute('data-tour-highlight', 'true');
  await expect(page.getByTestId('plot-energy')).toBeInViewport();
  await page.screenshot({ path: 'e2e/output/guide-tour-step2.png' });
  // the step's change: k = 40, a live knob, so the plots redraw without a new run
  await page.getByTestId('tour-apply').click();
  await expect.poll(() => page.url()).toContain('k=40');
  await expect(page.getByTestId('plot-reconstruction')).toContainText('rank-40');
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done');

  await page.getByTestId('tour-back').click();
  await expect(tour).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-tour-highlight', 'true');
  for (let i = 1; i < 4; i++) await page.getByTestId('tour-next').click();
  await expect(tour).toHaveAttribute('data-step', '4');
  await expect(page.getByTestId('tour-done')).toBeVisible();
  await expect(page.getByTestId('plot-reconstruction')).toHaveAttribute('data-tour-highlight', 'true');

  await page.getByTestId('tour-close').click();
  await expect(tour).toHaveCount(0);
  await expect(page.locator('[data-tour-highlight]')).toHaveCount(0);
  await expect(page.getByTestId('tour-open')).toBeFocused();
  await page.screenshot({ path: 'e2e/output/guide-tour.png' });
});

test('card formulas are typeset by KaTeX, loaded only once a card with math renders, under the CSP', async ({ page, pageErrors }) => {
  void pageErrors;
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  await page.goto('/#/');
  await expect(page.getByTestId('start-here')).toBeVisible();
  const katexLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((r) => /katex/i.test(r.name)));
  expect(await katexLoaded(), 'the gallery has no formulas, so KaTeX stays unloaded').toBe(false);

  await page.locator('a[href="#/spectrum"]').first().click();
  const card = page.locator('.card-text');
  await expect(card.locator('.katex').first()).toBeVisible();
  const states = card.locator('[data-tex-state]');
  expect(await states.count()).toBeGreaterThan(3);
  await expect(card.locator('[data-tex-state="done"]')).toHaveCount(await states.count());
  await expect(card.locator('.katex-display')).toHaveCount(1);
  expect(await katexLoaded()).toBe(true);
  await card.screenshot({ path: 'e2e/output/guide-card-katex.png' });
  // KaTeX's own fonts (from this origin) are in use, not a fallback
  await expect.poll(() => page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
  await expect.poll(() => page.evaluate(() => [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded'))).toBe(true);
  // the hidden MathML copy (for screen readers) is laid out in KaTeX's face, with no mathematical-italic code points
  // that would send each character to the system's font fallback (katexMathml.css)
  const mathml = await card.evaluate((el) =>
    Array.from(el.querySelectorAll('.katex-mathml math, .katex-mathml math *')).map((m) => `${getComputedStyle(m).fontFamily}|${getComputedStyle(m).textTransform}`),
  );
  expect(mathml.length).toBeGreaterThan(10);
  expect([...new Set(mathml)]).toEqual(['KaTeX_Main, serif|none']);
  expect(refused, refused.join('\n')).toEqual([]);
});

test('in classroom mode the tour shows its step’s plot, and a tapped term’s definition stays on a phone screen', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=cpu#/spectrum?size=128&k=16&seed=1&classroom=1&v=1');
  expect(await engineReady(page)).toBe('cpu');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByTestId('tour-open').click();
  await expect(page.getByTestId('plot-position')).toContainText('Plot 1 of 5');
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  // step 3 is about the error-vs-parameters plot, the third
  await expect(page.getByTestId('plot-position')).toContainText('Plot 3 of 5');
  await expect(page.getByTestId('plot-error-vs-params')).toHaveAttribute('data-tour-highlight', 'true');

  await page.setViewportSize({ width: 390, height: 844 });
  const term = page.locator('.card-text button[data-term]').last();
  await term.scrollIntoViewIfNeeded();
  await term.tap().catch(() => term.click());
  const tip = page.locator(`[id="${await term.getAttribute('aria-describedby')}"]`);
  await expect(tip).toBeVisible();
  const box = await tip.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  // (whether the page itself fits 390 px is the page shell's concern; here only the tooltip's box is checked)
});
