// The dynamic-subspaces page: the quick preset runs on WebGPU, its four plots render, learners were added, attention sums to 1 (f32).
import { test, expect, engineReady } from './fixtures';

test('dynamic-subspaces quick preset on webgpu: plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/dynamic-subspaces?trainPerClass=60&steps=150&triplets=32&window=10&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  console.log(`dynamic-subspaces quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['learners', 'loss', 'scores', 'attention']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/dynamic-subspaces.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('dynamic-subspaces', 'quick');
    const m = r.metrics;
    return { learners: m.learners as number, recall: m.recall_at_1 as number, nmi: m.nmi as number, sumError: m.attention_sum_error as number, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  console.log(`dynamic-subspaces quick metrics on webgpu: ${JSON.stringify(result)}`);
  // K is not given: learners join at loss plateaus; the attention softmax sums to 1 to single precision
  expect(result.learners).toBeGreaterThanOrEqual(2);
  expect(result.recall).toBeGreaterThan(0.9);
  expect(result.nmi).toBeGreaterThan(0.7);
  expect(result.sumError).toBeLessThan(1e-5);
  expect(result.live).toBe(0);
});

test('the gallery and the reading list show dynamic-subspaces as a live page', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/');
  const card = page.getByTestId('card-dynamic-subspaces');
  await expect(card.getByRole('link', { name: 'Dynamic subspace learners', exact: true })).toBeVisible();
  await expect(card).not.toHaveClass(/card-planned/);
  const entry = page.locator('[data-testid="reading-entry"][data-page="dynamic-subspaces"]');
  await expect(entry).toHaveCount(1);
  await expect(entry.getByRole('link', { name: 'Dynamic subspace learners', exact: true })).toBeVisible();
  await expect(entry).not.toHaveClass(/reading-idea/);
});
