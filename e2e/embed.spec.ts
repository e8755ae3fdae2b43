// Links that hide panels and embed one plot: hide=card,export shows neither; embed=1&plot=… shows one plot and Run, also inside an iframe.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, engineReady } from './fixtures';

const SMALL = 'size=64&k=8&seed=2';

test('hide=card,export hides both panels and keeps hiding them as knobs change; an unknown panel is named', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(`/#/spectrum?${SMALL}&hide=card,export&v=1`);
  await engineReady(page);
  await expect(page.getByTestId('experiment-side')).toBeVisible();
  await expect(page.getByTestId('panel-card')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Export' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Presets' })).toBeVisible();
  await expect(page.locator('#param-k')).toBeEditable();
  await expect(page.getByTestId('link-warnings')).toHaveCount(0);
  await page.locator('#param-k').fill('9');
  await expect(page).toHaveURL(/k=9/);
  await expect(page).toHaveURL(/hide=card%2Cexport/);
  await expect(page.getByTestId('panel-card')).toHaveCount(0);
  await expect(page.getByTestId('share-link')).toHaveValue(/hide=card%2Cexport/);

  // the teacher's panel boxes write the same link
  await page.getByText('Share with hidden controls').click();
  await page.getByTestId('hide-panel-export').check();
  await page.getByTestId('hide-panel-card').check();
  await expect(page.getByTestId('teacher-link-url')).toHaveValue(/hide=card%2Cexport&/);

  await page.goto(`/#/spectrum?${SMALL}&hide=card,sidebar&v=1`);
  await expect(page.getByTestId('link-warnings')).toContainText('hide=sidebar');
  await expect(page.getByTestId('panel-card')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Export' })).toBeVisible();
});

test('embed=1&plot=energy: no header, card or knobs; one plot and Run; runs to done; the embed link and snippet come from the page', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(`/#/spectrum?${SMALL}&v=1`);
  await engineReady(page);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByText('Embed in a course page').click();
  await page.getByTestId('embed-plot').selectOption('energy');
  const link = await page.getByTestId('embed-url').inputValue();
  expect(link).toMatch(/[?&]plot=energy&embed=1&v=1$/);
  expect(await page.getByTestId('embed-snippet').inputValue()).toContain(`src="${link.replace(/&/g, '&amp;')}"`);

  await page.goto(link);
  await engineReady(page);
  const article = page.getByTestId('experiment-page');
  await expect(article).toHaveAttribute('data-embed', 'true');
  await expect(page.locator('header.header')).toHaveCount(0);
  await expect(page.locator('footer')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Experiments' })).toHaveCount(0);
  await expect(page.getByTestId('panel-card')).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Parameters' })).toHaveCount(0);
  await expect(page.getByTestId('classroom-toggle')).toHaveCount(0);
  await expect(page.getByTestId('run')).toBeVisible();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.locator('figure.plot')).toHaveCount(1);
  await expect(page.getByTestId('plot-energy')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('embed-open')).toHaveAttribute('href', /#\/spectrum\?.*k=8/);
  await expect(page.getByTestId('embed-open')).not.toHaveAttribute('href', /embed=1/);

  // a plot id the page does not draw: a notice naming the ids it does, and the first plot instead
  await page.goto(link.replace('plot=energy', 'plot=nope'));
  await expect(page.getByTestId('plot-notice')).toContainText('“nope”');
  await expect(page.getByTestId('plot-notice')).toContainText('spectrum, energy');
  await expect(page.locator('figure.plot')).toHaveCount(1);
  await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-rendered', 'true');
});

test('an embed link works inside an iframe on another origin (a course page)', async ({ page, pageErrors, baseURL }) => {
  void pageErrors;
  const app = new URL(baseURL!);
  const src = `${app.origin}/#/spectrum?${SMALL}&plot=spectrum&embed=1&v=1`;
  // the course page is served by its own small server on another origin (a real response, so the browser's
  // local-network checks see a loopback page framing a loopback app, as a course site would frame a public one)
  const body = `<!doctype html><title>Course</title><h1>Week 3: low rank</h1><iframe src="${src.replace(/&/g, '&amp;')}" title="Subspace Lab" width="720" height="480" style="border:0"></iframe>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const course = `http://127.0.0.1:${(server.address() as AddressInfo).port}/course.html`;
  try {
    await page.goto(course);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByTestId('backend-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await frame.getByTestId('run').click();
    await expect(frame.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(frame.locator('figure.plot')).toHaveCount(1);
    await expect(frame.getByTestId('plot-spectrum')).toHaveAttribute('data-rendered', 'true');
    await expect(frame.getByTestId('gpu-errors')).toHaveCount(0);
    // the plot fits the iframe: its whole box inside the 720×480 frame
    const box = await frame.locator('figure.plot').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, right: r.right, w: window.innerWidth, h: window.innerHeight };
    });
    expect(box.w).toBe(720);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.h);
    expect(box.right).toBeLessThanOrEqual(box.w);
    await page.screenshot({ path: 'e2e/output/embed-iframe.png' });
  } finally {
    server.close();
  }
});
