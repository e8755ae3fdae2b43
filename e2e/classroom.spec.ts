// Classroom mode: big type, one plot at a time, driven by the keyboard; the toggle and the teacher's hidden-knob links.
import { test, expect, engineReady } from './fixtures';

/** A small image (64×64) so every step is quick; classroom mode from the link. */
const CLASSROOM_LINK = '/#/spectrum?size=64&k=8&seed=2&classroom=1&v=1';

test('classroom mode by keyboard: → starts and steps a run, Space resumes, → and ← walk the plots', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(CLASSROOM_LINK);
  await engineReady(page);
  const article = page.getByTestId('experiment-page');
  await expect(article).toHaveClass(/classroom/);
  await expect(page.getByTestId('classroom-keys')).toBeVisible();
  const controls = page.getByTestId('run-controls');
  const position = page.getByTestId('plot-position');

  await page.getByRole('heading', { level: 1 }).click();
  // → before any run: start paused and take one step
  await page.keyboard.press('ArrowRight');
  await expect(controls).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('run-status')).toHaveText(/Paused at step 1 of 3/);
  // → again: one more step
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('run-status')).toHaveText(/Paused at step 2 of 3/);
  // Space resumes to the end
  await page.keyboard.press(' ');
  await expect(controls).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.locator('figure.plot')).toHaveCount(1);
  await expect(position).toHaveText(/Plot 1 of \d/);
  const count = Number((await position.textContent())!.match(/of (\d+)/)![1]);
  expect(count).toBeGreaterThanOrEqual(4);

  // after the run, → and ← move between plots
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText(`Plot 2 of ${count}`);
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText(`Plot 3 of ${count}`);
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(`Plot 2 of ${count}`);
  await expect(page.locator('figure.plot')).toHaveAttribute('data-rendered', 'true');

  // keys typed into a field stay in the field
  await page.locator('#param-k').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(`Plot 2 of ${count}`);

  // Space with a focused button runs instead of pressing the button
  await page.getByTestId('plot-next').focus();
  await page.keyboard.press(' ');
  await expect(position).toHaveText(`Plot 2 of ${count}`);
  await expect(controls).toHaveAttribute('data-status', /running|done/);
  await expect(controls).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.screenshot({ path: 'e2e/output/classroom.png', fullPage: true });
});

test('the classroom toggle updates the link; the teacher link fixes the ticked knobs', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?size=64&k=8&seed=2&v=1');
  await engineReady(page);
  const toggle = page.getByTestId('classroom-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page).toHaveURL(/classroom=1/);
  await expect(page.getByTestId('experiment-page')).toHaveClass(/classroom/);
  await expect(page.getByTestId('share-link')).toHaveValue(/classroom=1/);
  await toggle.click();
  await expect(page).not.toHaveURL(/classroom=1/);
  await expect(page.getByTestId('experiment-page')).not.toHaveClass(/classroom/);

  await page.getByText('Share with hidden controls').click();
  await page.getByTestId('hide-seed').check();
  await page.getByTestId('hide-k').check();
  const link = await page.getByTestId('teacher-link-url').inputValue();
  expect(link).toMatch(/[?&]k=8&/);
  expect(link).toMatch(/classroom=1/);
  expect(link).toMatch(/hide=k%2Cseed|hide=k,seed/);
  await page.getByTestId('teacher-classroom').uncheck();
  expect(await page.getByTestId('teacher-link-url').inputValue()).not.toMatch(/classroom=1/);

  await page.goto(link);
  await engineReady(page);
  await expect(page.getByTestId('experiment-page')).toHaveClass(/classroom/);
  await expect(page.getByTestId('param-k')).toContainText('fixed by the link');
  await expect(page.getByTestId('param-k')).toContainText('8');
  await expect(page.getByTestId('param-seed')).toContainText('2');
  await expect(page.locator('input#param-k')).toHaveCount(0);
  await expect(page.locator('input#param-seed')).toHaveCount(0);
  await expect(page.locator('#param-size')).toBeEnabled();
  await expect(page.getByTestId('share-link')).toHaveValue(/hide=k%2Cseed|hide=k,seed/);
});
