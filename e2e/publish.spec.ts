// The static build works from a sub-path of a plain static host: pages, the compute worker, lazy plot chunks and data files all resolve against the base; over insecure http it still runs, on the cpu backend.
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { test, expect, engineReady } from './fixtures';
import { startStaticHost, type StaticHost } from './staticHost';

const DIST = resolve(import.meta.dirname, '../dist');
const SUB_PATH = '/some/sub/path/';

let host: StaticHost;
test.beforeAll(async () => {
  host = await startStaticHost(DIST, SUB_PATH);
});
test.afterAll(async () => {
  await host?.close();
});

test('dist/ under a sub-path: the spectrum quick preset runs on WebGPU with its plots, and a digits page loads its data', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(300_000);
  // the quick preset decomposes the camera image, a file under data/
  await page.goto(`${host.url}?backend=webgpu#/spectrum`);
  expect(await engineReady(page)).toBe('webgpu');
  await page.getByTestId('preset-quick').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  for (const id of ['spectrum', 'energy', 'reconstruction']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await expect(page.getByTestId('plot-reconstruction').locator('.main-svg').first()).toBeVisible();
  // the share link keeps the sub-path, so it opens the same build
  expect(page.url().startsWith(host.url)).toBe(true);

  // a page over the digits (data/digits.u8), on the automatic backend, opened by a new navigation
  await page.goto(`${host.url}#/spectrum?source=digits&center=true&k=10&seed=1&v=1`);
  await engineReady(page);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-rendered', 'true');

  // the worker's data, the lazy plot chunk and the service worker's precache all asked under the sub-path
  expect(host.outside, 'requests resolved against the host root instead of the base').toEqual([]);
  expect(host.missing, 'requests under the sub-path with no file').toEqual([]);
});

/** This machine's first non-loopback IPv4 address, if it has one. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

test('over plain http from a non-local address: no WebGPU and no service worker, and the page runs on the cpu backend', async ({ page, pageErrors }) => {
  void pageErrors;
  const address = lanAddress();
  test.skip(!address, 'this machine has no non-loopback IPv4 address to serve from');
  const lan = await startStaticHost(DIST, SUB_PATH, address);
  try {
    await page.goto(`${lan.url}#/spectrum?source=digits&center=true&k=10&seed=1&v=1`);
    expect(await page.evaluate(() => ({ secure: isSecureContext, gpu: 'gpu' in navigator, sw: 'serviceWorker' in navigator }))).toEqual({ secure: false, gpu: false, sw: false });
    expect(await engineReady(page)).toBe('cpu');
    await expect(page.getByTestId('fallback-banner')).toContainText('WebGPU is unavailable');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-rendered', 'true');
    expect(lan.outside).toEqual([]);
  } finally {
    await lan.close();
  }
});
