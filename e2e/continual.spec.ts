// The continual page: the quick preset runs CoSO and fine-tuning over 5 tasks on WebGPU; all four plots render.
import { test, expect, engineReady } from './fixtures';

const QUICK = '/?backend=webgpu#/continual?hidden=24&depth=1&stepsPerTask=20&batchSize=16&lr=0.01&headLr=0.02&projRank=4&sketchRank=4&svdMethod=randomized&reportEvery=10&trainPerClass=30&seed=1&v=1';

test('continual quick preset on webgpu: accuracy matrices, forgetting and subspace plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(QUICK);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-stepsPerTask')).toHaveValue('20');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  for (const id of ['accuracy-coso', 'accuracy-finetune', 'forgetting', 'subspace-dims']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/continual.png', fullPage: true });
  expect(await page.evaluate(() => window.subspaceLab.diagnostics.liveTensors())).toBe(0);
});
