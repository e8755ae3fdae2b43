// The rerouting page: live in the gallery and reading list; the quick preset runs on WebGPU, its three plots render, headline metrics hold.
import { test, expect, engineReady } from './fixtures';

test('rerouting is live in the gallery and the reading list', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/');
  await expect(page.getByTestId('card-rerouting').getByRole('link', { name: 'Subspace rerouting' })).toHaveAttribute('href', '#/rerouting');
  await expect(page.getByTestId('card-rerouting')).not.toContainText('coming soon');
  const entry = page.getByTestId('reading-entry').filter({ hasText: 'Using Mechanistic Interpretability to Craft Adversarial Attacks' });
  await expect(entry).toHaveAttribute('data-page', 'rerouting');
  await expect(entry.getByRole('link', { name: 'Subspace rerouting' })).toHaveAttribute('href', '#/rerouting');
});

test('rerouting quick preset on webgpu: plots appear', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/rerouting?hidden=32&trainSteps=300&samples=24&steps=24&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`rerouting quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['success', 'norm', 'path']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/rerouting.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('rerouting', 'quick');
    const m = r.metrics;
    return {
      success_reroute: m.success_reroute as number, success_probe: m.success_probe as number, success_logit: m.success_logit as number,
      norm_reroute: m.norm_reroute as number, norm_probe: m.norm_probe as number, norm_logit: m.norm_logit as number,
      idem: m.projection_idempotence as number, zero: m.zero_perturbation_change as number, first: [(m.success_reroute_curve as number[])[0], (m.success_probe_curve as number[])[0], (m.norm_logit_curve as number[])[0]],
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`rerouting quick metrics on webgpu: ${JSON.stringify(result)}`);
  // the attacks start from the clean model and reach most digits; the logit attack needs the smallest perturbation,
  // subspace rerouting the largest; f32 keeps P² = P and a zero perturbation exact
  expect(result.first).toEqual([0, 0, 0]);
  expect(result.success_reroute).toBeGreaterThan(0.8);
  expect(result.success_probe).toBeGreaterThan(0.9);
  expect(result.success_logit).toBe(1);
  expect(result.norm_logit).toBeLessThan(result.norm_probe);
  expect(result.norm_probe).toBeLessThan(result.norm_reroute);
  expect(result.idem).toBeLessThan(1e-5);
  expect(result.zero).toBe(0);
  expect(result.live).toBe(0);
});
