// The Diagnostics page: adapter facts and a self-test that passes on both backends.
import { test, expect, engineReady } from './fixtures';

test('the self-test passes on the webgpu and cpu backends', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/diagnostics');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('diag-webgpu')).toContainText('available');
  await page.getByTestId('run-self-test').click();
  const summary = page.getByTestId('self-test-summary');
  await expect(summary).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(summary).toHaveAttribute('data-failures', '0');
  const table = page.getByTestId('self-test-table');
  expect(await table.locator('tr[data-backend="webgpu"]').count()).toBeGreaterThan(30);
  expect(await table.locator('tr[data-backend="cpu"]').count()).toBeGreaterThan(30);
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
