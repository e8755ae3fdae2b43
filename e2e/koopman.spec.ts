// The koopman page: the quick preset runs on WebGPU, its five plots render, the headline metrics hold, and linalg.dmd works.
import { test, expect, engineReady } from './fixtures';

test('koopman quick preset on webgpu: plots appear, EDMD is exact, the autoencoder finds the eigenvalues', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(240_000);
  await page.goto('/?backend=webgpu#/koopman?trajectories=48&horizon=6&hidden=16&steps=300&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  console.log(`koopman quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['eigenvalues', 'entropy', 'losses', 'spectrum', 'trajectories']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/koopman.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('koopman', 'quick');
    const m = r.metrics;
    return { edmd: m.eig_error_edmd as number, ae: m.eig_error_autoencoder as number, entropy: m.entropy as number, dmd: m.eig_error_dmd as number, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  console.log(`koopman quick metrics on webgpu: ${JSON.stringify(result)}`);
  expect(result.edmd).toBeLessThan(1e-4); // f32: the three exact eigenvalues e^{μΔt}, e^{λΔt}, e^{2μΔt}
  expect(result.dmd).toBeGreaterThan(1e-2); // linear DMD on the state cannot see x₁²
  expect(result.ae).toBeLessThan(0.02);
  expect(result.entropy).toBeGreaterThan(0.9); // near log 3 ≈ 1.0986: no collapse with β = 0.01
  expect(result.entropy).toBeLessThanOrEqual(Math.log(3));
  expect(result.live).toBe(0);
});

test('subspaceLab.linalg.dmd: eigenvalues of a known linear map on webgpu, clear errors for bad input', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/koopman');
  expect(await engineReady(page)).toBe('webgpu');
  const out = await page.evaluate(async () => {
    // X1 = A·X0, A with eigenvalues 0.9 ± 0.2i and 0.5; snapshots are the 7 columns of X0
    const A = [[0.9, -0.2, 0], [0.2, 0.9, 0], [0, 0, 0.5]];
    const X0 = [[1, 0, 2, -1, 0.5, 3, -2], [0, 1, -1, 2, 1.5, -1, 0.3], [2, -1, 0, 1, -0.7, 0.2, 1]];
    const X1 = A.map((row) => X0[0].map((_, j) => row.reduce((s, a, p) => s + a * X0[p][j], 0)));
    const m = (rows: number[][]) => ({ rows: rows.length, cols: rows[0].length, data: Float32Array.from(rows.flat()) });
    const lab = window.subspaceLab;
    const eig = await lab.linalg.dmd(m(X0), m(X1), 3);
    const error = async (f: () => Promise<unknown>) => f().then(() => 'no error', (e: Error) => e.message);
    const bad = m(X1);
    bad.data[4] = Number.NaN;
    return {
      eig,
      shapes: await error(() => lab.linalg.dmd(m(X0), m(X1.slice(0, 2)), 2)),
      rank: await error(() => lab.linalg.dmd(m(X0), m(X1), 4)),
      lowRank: await error(() => lab.linalg.dmd(m([X0[0], X0[1], X0[0].map((v, j) => v + X0[1][j])]), m(X1), 3)),
      nonFinite: await error(() => lab.linalg.dmd(m(X0), bad, 2)),
      live: await lab.diagnostics.liveTensors(),
    };
  });
  const near = (re: number, im: number) => Math.min(...out.eig.re.map((x, j) => Math.hypot(x - re, out.eig.im[j] - im)));
  expect(near(0.9, 0.2)).toBeLessThan(1e-4);
  expect(near(0.9, -0.2)).toBeLessThan(1e-4);
  expect(near(0.5, 0)).toBeLessThan(1e-4);
  expect(out.shapes).toMatch(/same shape/);
  expect(out.rank).toMatch(/rank r = 4/);
  expect(out.lowRank).toMatch(/exceeds the numerical rank/);
  expect(out.nonFinite).toMatch(/X1: entry \(0, 4\) is NaN; only finite numbers/);
  expect(out.live).toBe(0);
});
