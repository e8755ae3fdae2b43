// The hybrid-adaptation page: the quick preset runs on WebGPU, its three plots render, distances fall while identity holds.
import { test, expect, engineReady } from './fixtures';

test('hybrid-adaptation quick preset on webgpu: plots appear, headline metrics hold', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/hybrid-adaptation?pretrainSteps=150&steps=60&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`hybrid-adaptation quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['samples', 'distances', 'identity']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/hybrid-adaptation.png', fullPage: true });
  const m = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('hybrid-adaptation', 'quick');
    return { ...r.metrics, live: await window.subspaceLab.diagnostics.liveTensors() } as Record<string, number>;
  });
  console.log('hybrid-adaptation quick (webgpu):', JSON.stringify({ a: [m.source_distance_a, m.distance_domain_a], b: [m.source_distance_b, m.distance_domain_b], identity: [m.source_identity, m.identity_score] }));
  expect(m.distance_domain_a).toBeLessThan(0.75 * m.source_distance_a);
  expect(m.distance_domain_b).toBeLessThan(0.75 * m.source_distance_b);
  expect(m.identity_score).toBeGreaterThan(m.source_identity - 0.1);
  expect(m.live).toBe(0);
});

test('the gallery and the reading list show hybrid-adaptation as a live page', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/');
  const card = page.getByTestId('card-hybrid-adaptation');
  await expect(card.getByRole('link', { name: 'Few-shot hybrid domain adaptation' })).toHaveAttribute('href', '#/hybrid-adaptation');
  await expect(card).not.toContainText('coming soon');
  const entry = page.getByTestId('reading-entry').filter({ hasText: 'Few-shot Hybrid Domain Adaptation of Image Generators' });
  await expect(entry).toHaveAttribute('data-page', 'hybrid-adaptation');
  await expect(entry).toContainText('Demonstrated on:');
  await expect(entry).not.toContainText('not an experiment here');
});
