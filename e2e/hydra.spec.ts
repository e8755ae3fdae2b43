// The hydra page: the quick preset runs on WebGPU, every plot renders, the headline metrics hold; the gallery shows it live.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'trainPerClass=50&steps=150&probeSteps=100';
const PLOTS = ['loss', 'probe', 'spectra', 'gates', 'gate-overlap'];

test('hydra quick preset on webgpu: plots appear, Hydra’s probe beats SimCLR’s', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(`/?backend=webgpu#/hydra?${QUICK}&seed=1&v=1`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  console.log(`hydra quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of PLOTS) await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  await page.screenshot({ path: 'e2e/output/hydra.png', fullPage: true });
  const r = await page.evaluate(async () => {
    const { metrics } = await window.subspaceLab.experiments.run('hydra', 'quick');
    return { metrics, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  const m = r.metrics;
  console.log(`hydra headline: probe_acc_hydra ${m.probe_acc_hydra}, probe_acc_infonce ${m.probe_acc_infonce}, erank_hydra ${m.erank_hydra}, erank_infonce ${m.erank_infonce}, gate_open_mean ${m.gate_open_mean}`);
  expect(m.probe_acc_infonce as number).toBeGreaterThan(0.6);
  expect(m.probe_acc_hydra as number).toBeGreaterThan(m.probe_acc_infonce as number);
  const [eh, ei] = [m.erank_hydra as number, m.erank_infonce as number];
  expect(Math.abs(eh - ei) / ei).toBeLessThan(0.2);
  expect(m.gate_open_mean as number).toBeLessThan(0.47);
  expect(r.live).toBe(0);
});

test('the gallery and the reading list show the hydra page as live', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/');
  const card = page.getByTestId('card-hydra');
  await expect(card).not.toHaveClass(/card-planned/);
  await expect(card.getByRole('link')).toHaveAttribute('href', '#/hydra');
  const entry = page.getByTestId('reading-entry').filter({ hasText: 'Rethinking Positive Pairs in Contrastive Learning' });
  await expect(entry).toHaveAttribute('data-page', 'hydra');
  await expect(entry).not.toContainText('not an experiment here');
  await expect(entry.getByText('Demonstrated on:')).toBeVisible();
  await entry.getByRole('link', { name: /Hydra, toy/ }).click();
  await expect(page.getByTestId('experiment-page')).toHaveAttribute('data-experiment', 'hydra');
});
