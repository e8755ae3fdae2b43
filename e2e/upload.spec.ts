// Your own data: a CSV upload runs through the spectrum page; bad files and unknown dataset links say what is wrong.
import { test, expect, engineReady } from './fixtures';

/** A 30×20 matrix of rank 3 plus a small deterministic ripple, as CSV text with a header. */
function lowRankCsv(rows = 30, cols = 20): string {
  const lines = [Array.from({ length: cols }, (_, j) => `x${j}`).join(',')];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < cols; j++) {
      const v = Math.sin(i + 1) * Math.cos(j) + 0.5 * Math.cos(2 * i) * Math.sin(j + 2) + 0.25 * ((i * j) % 3) + 1e-3 * Math.sin(7 * i + 3 * j);
      row.push(v.toFixed(6));
    }
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('upload a 30×20 CSV, run the spectrum on it, and find it again after a reload', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?source=upload&k=3&seed=1&v=1');
  await engineReady(page);
  await page.getByTestId('csv-file').setInputFiles(csvFile('ranked.csv', lowRankCsv()));
  await expect(page.getByTestId('upload-status')).toContainText('30 × 20');
  await expect(page).toHaveURL(/dataset=user%3A[0-9a-f]{32}/);
  await expect(page.locator('#param-dataset')).toHaveValue(/^user:[0-9a-f]{32}$/);
  await expect(page.getByTestId('dataset-missing')).toHaveCount(0);

  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('plot-spectrum')).toHaveAttribute('data-rendered', 'true');
  const points = await page.getByTestId('plot-spectrum').locator('.scatterlayer .point').count();
  expect(points).toBe(20);

  const link = page.url();
  await page.goto('/#/');
  await page.goto(link);
  await engineReady(page);
  await expect(page.getByTestId('dataset-missing')).toHaveCount(0);
  await expect(page.getByTestId('stored-datasets')).toContainText('ranked.csv (30 × 20) — in use');
});

test('ragged rows and non-numeric cells are refused with the row named', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?source=upload&seed=1&v=1');
  await engineReady(page);
  const input = page.getByTestId('csv-file');
  await input.setInputFiles(csvFile('ragged.csv', '1,2,3\n4,5,6\n7,8\n'));
  await expect(page.getByTestId('upload-error')).toContainText('Row 3 has 2 cells, but the first row has 3');
  await input.setInputFiles(csvFile('words.csv', 'a,b\n1,2\n3,4\n5,abc\n'));
  await expect(page.getByTestId('upload-error')).toContainText('Row 4, column 2: “abc” is not a number');
  await expect(page).not.toHaveURL(/dataset=/);
});

test('a link to a dataset this browser does not have says so, and the run explains too', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?source=upload&dataset=user:0123456789abcdef0123456789abcdef&seed=1&v=1');
  await engineReady(page);
  await expect(page.getByTestId('dataset-missing')).toContainText('not stored in this browser');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-error')).toContainText('upload a CSV file first');
});
