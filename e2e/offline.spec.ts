// Installable and offline: after one visit the app reloads and runs with no network, and a new build announces itself instead of replacing the old one silently.
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, engineReady } from './fixtures';
import { startStaticHost } from './staticHost';

const DIST = resolve(import.meta.dirname, '../dist');
const SUB_PATH = '/class/room/';

/** The precache list written into dist/sw.js: every URL with its size in bytes. */
function precacheManifest(dir: string): { url: string; bytes: number }[] {
  const sw = readFileSync(resolve(dir, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);
  return urls.map((url) => ({ url, bytes: readFileSync(resolve(dir, url)).length }));
}

/** Waits until this visit's service worker has installed (its precache is complete) and is active. */
async function waitUntilOfflineReady(page: Page): Promise<void> {
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 90_000 });
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
}

test('after one visit the app reloads with no network and runs quick presets over its data', async ({ page, context, pageErrors }) => {
  void pageErrors;
  test.setTimeout(300_000);
  const manifest = precacheManifest(DIST);
  const bytes = manifest.reduce((s, e) => s + e.bytes, 0);
  console.log(`precache: ${manifest.length} entries, ${(bytes / 2 ** 20).toFixed(2)} MiB`);
  for (const needed of ['index.html', 'data/digits.u8', 'data/images/camera.u8']) expect(manifest.map((e) => e.url)).toContain(needed);
  // every chunk of the build: the entry, the compute worker, the lazily loaded plot chunk(s)
  const chunks = readdirSync(resolve(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  expect(chunks.some((f) => f.startsWith('engineWorker-'))).toBe(true);
  for (const chunk of chunks) expect(manifest.map((e) => e.url), 'every chunk is precached').toContain(`assets/${chunk}`);

  const host = await startStaticHost(DIST, SUB_PATH);
  await page.goto(`${host.url}#/`);
  // the offline copy is not made while the page loads and prepares (src/ui/offlineCopyMoment.ts: 10 s after the app
  // starts), but a while after: registered at the load event, it was there a second or two after it
  await page.waitForTimeout(8000);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) ?? null), 'no service worker 8 s after the load event').toBeNull();
  await waitUntilOfflineReady(page);
  const cached = await page.evaluate(async () => {
    let n = 0;
    for (const name of await caches.keys()) n += (await (await caches.open(name)).keys()).length;
    return n;
  });
  expect(cached).toBe(new Set(manifest.map((e) => e.url)).size);

  // no network at all: the browser is offline and the host is gone, so a file missing from the cache fails
  await context.setOffline(true);
  await host.close();
  const servedBefore = host.served();
  await page.goto(`${host.url}?backend=cpu#/spectrum`);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker serves the page').toBe(true);
  expect(await engineReady(page)).toBe('cpu');
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  for (const id of ['spectrum', 'reconstruction']) await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('plot-reconstruction').locator('.main-svg').first()).toBeVisible();
  // the digits file, on a page opened by a new navigation, still offline
  await page.goto(`${host.url}#/spectrum?source=digits&center=true&k=10&seed=1&v=1`);
  await engineReady(page);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-rendered', 'true');
  expect(host.served(), 'nothing reached the host once it was gone').toBe(servedBefore);
});

test('a new build announces itself; Reload brings it in', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(180_000);
  // build 2: dist/ with a marked index.html and that file's new revision in sw.js, as a rebuild writes them
  const next = resolve(import.meta.dirname, 'output/dist-next');
  rmSync(next, { recursive: true, force: true });
  cpSync(DIST, next, { recursive: true });
  const html = readFileSync(resolve(next, 'index.html'), 'utf8');
  writeFileSync(resolve(next, 'index.html'), html.replace('<title>', '<meta name="subspace-lab-build" content="next" />\n    <title>'));
  const sw = readFileSync(resolve(next, 'sw.js'), 'utf8');
  const swNext = sw.replace(/\{url:"index\.html",revision:"[^"]+"\}/, '{url:"index.html",revision:"next-build"}');
  expect(swNext, 'sw.js lists index.html with a revision').not.toBe(sw);
  writeFileSync(resolve(next, 'sw.js'), swNext);

  const host = await startStaticHost(DIST, SUB_PATH);
  try {
    const build = page.locator('meta[name="subspace-lab-build"]');
    await page.goto(`${host.url}#/spectrum`);
    await waitUntilOfflineReady(page);
    await expect(page.getByTestId('update-notice')).toHaveCount(0);

    // the host now serves build 2; the next visit still gets build 1 from the cache, and is told
    host.setRoot(next);
    await page.reload();
    await expect(page.getByTestId('update-notice')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('update-notice')).toContainText('A new version is available');
    await expect(build).toHaveCount(0);
    await engineReady(page);

    await page.getByTestId('update-reload').click();
    await expect(build).toHaveAttribute('content', 'next', { timeout: 60_000 });
    await expect(page.getByTestId('update-notice')).toHaveCount(0);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    await engineReady(page);
  } finally {
    await host.close();
  }
});
