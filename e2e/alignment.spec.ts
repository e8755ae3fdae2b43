// The alignment page: the quick preset runs on WebGPU, every plot renders, the headline metrics hold; the linalg API additions.
import { test, expect, engineReady } from './fixtures';

const QUICK = 'trainPerClass=30&steps=60&ks=1,4,16&contrastiveSteps=30&probeSteps=40&colbertSteps=12&gallery=60';
const PLOTS = ['unit-correlation', 'matching', 'filter-angles', 'retrieval', 'mutual-knn', 'contrastive-loss', 'probe', 'spectra', 'ndcg'];

test('alignment quick preset on webgpu: plots appear, permuted copy recovered', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(`/?backend=webgpu#/alignment?${QUICK}&seed=1&v=1`);
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  console.log(`alignment quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of PLOTS) await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  await page.screenshot({ path: 'e2e/output/alignment.png', fullPage: true });
  const r = await page.evaluate(async () => {
    const { metrics } = await window.subspaceLab.experiments.run('alignment', 'quick');
    return { metrics, live: await window.subspaceLab.diagnostics.liveTensors() };
  });
  const m = r.metrics;
  console.log(`alignment headline: permutation_recovered ${m.permutation_recovered}, cka ${m.cka}, retrieval_at_k ${JSON.stringify(m.retrieval_at_k)}, ndcg10 ${JSON.stringify(m.ndcg10)}`);
  expect(m.permutation_recovered).toBe(1);
  expect(Math.abs((m.permuted_cka as number) - 1)).toBeLessThan(1e-5);
  expect(m.cka as number).toBeGreaterThan(0.8);
  expect(m.cka as number).toBeLessThan(0.999);
  expect(m.retrieval_at_k as number[]).toHaveLength(3);
  expect(Math.max(...(m.retrieval_at_k as number[]))).toBeGreaterThan(m.retrieval_procrustes as number);
  expect(m.ndcg10 as number[]).toHaveLength(5);
  for (const v of m.ndcg10 as number[]) expect(v).toBeGreaterThan(0.2);
  expect(r.live).toBe(0);
});

test('subspaceLab.linalg: cka, cca, principalAngles and procrustes on webgpu, with clear errors', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/');
  expect(await engineReady(page)).toBe('webgpu');
  const r = await page.evaluate(async () => {
    const lab = window.subspaceLab;
    // X: 40×3 with distinct column scales; Y = X·R for a rotation R about the z axis, then scaled by 2
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const R = [c, -s, 0, s, c, 0, 0, 0, 1];
    const X = { rows: 40, cols: 3, data: new Float32Array(120) };
    for (let i = 0; i < 120; i++) X.data[i] = (((Math.sin(12.9898 * i + 1) * 43758.5453) % 1) - 0.5) * (1 + (i % 3));
    const Y = { rows: 40, cols: 3, data: new Float32Array(120) };
    for (let i = 0; i < 40; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) Y.data[i * 3 + j] += X.data[i * 3 + k] * R[k * 3 + j];
    const error = async (p: Promise<unknown>) => p.then(() => 'no error', (e: Error) => e.message);
    const B = { rows: 40, cols: 1, data: X.data.filter((_, i) => i % 3 === 2) };
    return {
      cka: await lab.linalg.cka(X, { ...Y, data: Y.data.map((v) => 2 * v) }),
      cca: await lab.linalg.cca(X, Y, 3),
      angles: await lab.linalg.principalAngles(X, B),
      R: Array.from((await lab.linalg.procrustes(X, Y)).data),
      want: R,
      rows: await error(lab.linalg.cka(X, { rows: 39, cols: 3, data: new Float32Array(117) })),
      rank: await error(lab.linalg.cca(X, B, 2)),
    };
  });
  expect(Math.abs(r.cka - 1)).toBeLessThan(1e-5);
  for (const v of r.cca) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
  expect(r.angles).toHaveLength(1);
  expect(r.angles[0]).toBeLessThan(1e-3);
  r.R.forEach((v, i) => expect(Math.abs(v - r.want[i])).toBeLessThan(1e-4));
  expect(r.rows).toMatch(/rows must match/);
  expect(r.rank).toMatch(/exceeds the rank/);
});
