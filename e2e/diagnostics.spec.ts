// The Diagnostics page: adapter facts, and a self-test that runs every WGSL kernel and passes on both backends.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, expect, engineReady } from './fixtures';
import { generatedMatmulId, REGISTER_TILES } from '../src/engine/webgpu/matmulRegisterWgsl';

/** Every .wgsl kernel file under shaders/, relative to it (snippets are not kernels), and the generated kernels' ids. */
function wgslFiles(dir = 'shaders'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === join('shaders', 'common', 'snippets')) return [];
    return statSync(path).isDirectory() ? wgslFiles(path) : name.endsWith('.wgsl') ? [relative('shaders', path)] : [];
  });
}
const kernels = () => [...wgslFiles(), ...Object.keys(REGISTER_TILES).map((k) => generatedMatmulId(k as keyof typeof REGISTER_TILES))];

test('the self-test runs every WGSL kernel on webgpu against float64 and checks identities on cpu, all passing', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/diagnostics');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('diag-webgpu')).toContainText('available');
  const files = kernels().sort();
  await expect(page.getByTestId('self-test-claim')).toContainText(`each of the ${files.length} WGSL kernels`);
  await page.getByTestId('run-self-test').click();
  const summary = page.getByTestId('self-test-summary');
  await expect(summary).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(summary).toHaveAttribute('data-failures', '0');
  const table = page.getByTestId('self-test-table');
  const rows = (backend: string) => table.locator(`tr[data-backend="${backend}"]`);
  expect(await rows('webgpu').count()).toBeGreaterThan(60);
  expect(await rows('cpu').count()).toBeGreaterThan(15);
  expect(await table.locator('tr[data-ok="false"]').count()).toBe(0);
  // every cpu row checks an identity (not the cpu backend against itself), and most residuals are not exactly 0
  const cpuChecks = await rows('cpu').locator('td:nth-child(3)').allTextContents();
  for (const c of cpuChecks) expect(c).not.toContain('webgpu vs float64');
  const cpuErrors = (await rows('cpu').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-error')))));
  expect(cpuErrors.filter((e) => e > 0).length).toBeGreaterThan(cpuErrors.length / 2);
  // one line per WGSL kernel (file in the source tree or generated), each run by at least one webgpu row that passed
  const fileRows = page.getByTestId('kernel-files-table').locator('tbody tr');
  expect(await fileRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-file')))).toEqual(files);
  expect(await fileRows.evaluateAll((trs) => trs.filter((tr) => tr.getAttribute('data-ok') !== 'true' || tr.getAttribute('data-rows') === '0').length)).toBe(0);
  await expect(page.getByTestId('live-tensors')).toHaveText('0');
  await page.screenshot({ path: 'e2e/output/diagnostics.png', fullPage: true });
});

test('an unknown experiment link says so and keeps the page working', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/no-such-experiment?x=%3Cscript%3E');
  await expect(page.getByText('does not exist')).toBeVisible();
  await page.getByRole('link', { name: 'Back to the gallery' }).click();
  await expect(page.getByRole('heading', { name: 'Experiments' })).toBeVisible();
});
