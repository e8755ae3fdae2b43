// The sampling page: the quick preset runs on WebGPU, its plots render, its headline figures hold, and linalg's row scores answer.
import { test, expect, engineReady } from './fixtures';

test('sampling quick preset on webgpu: plots appear, scores sum to d', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=webgpu#/sampling?rows=256&cols=8&spikes=4&mMin=24&mMax=128&mSteps=4&trials=3&directions=32&irls=20&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  console.log(`sampling quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['distortion-p1', 'distortion-p1_5', 'distortion-p2', 'distortion-p3', 'scores', 'total-sensitivity', 'regression']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/sampling.png', fullPage: true });
  const result = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('sampling', 'quick');
    const first = (s: string) => (r.metrics[`distortion_by_p_${s}`] as unknown as number[][]).map((row) => row[0]);
    return {
      lewisSum: r.metrics.lewis_sum as number,
      leverageSum: r.metrics.leverage_sum as number,
      uniform: first('uniform'),
      lewis: first('lewis'),
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`sampling headline on webgpu: lewis_sum ${result.lewisSum}, smallest-m distortion uniform ${JSON.stringify(result.uniform)}, lewis ${JSON.stringify(result.lewis)}`);
  expect(Math.abs(result.lewisSum - 8)).toBeLessThan(1e-3);
  expect(Math.abs(result.leverageSum - 8)).toBeLessThan(1e-4);
  result.uniform.forEach((u, k) => expect(u).toBeGreaterThan(result.lewis[k]));
  expect(result.live).toBe(0);
});

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`linalg.leverageScores and linalg.lewisWeights on ${backend}: per-row numbers, clear errors on bad input`, async ({ page, pageErrors }) => {
    void pageErrors;
    await page.goto(`/?backend=${backend}#/sampling`);
    expect(await engineReady(page)).toBe(backend);
    const out = await page.evaluate(async () => {
      const lab = window.subspaceLab;
      const a = { rows: 6, cols: 2, data: Float32Array.from([1, 0, 0, 1, 1, 1, 2, -1, 0.5, 3, -2, 1]) };
      const lev = await lab.linalg.leverageScores(a);
      const lewis2 = await lab.linalg.lewisWeights(a, 2);
      const lewis1 = await lab.linalg.lewisWeights(a, 1);
      const error = async (f: () => Promise<unknown>) => f().then(() => 'no error', (e: Error) => e.message);
      return {
        lev, lewis2, lewis1,
        lowP: await error(() => lab.linalg.lewisWeights(a, 0.5)),
        wide: await error(() => lab.linalg.leverageScores({ rows: 2, cols: 3, data: new Float32Array(6).fill(1) })),
        nonFinite: await error(() => lab.linalg.leverageScores({ rows: 3, cols: 1, data: Float32Array.from([1, Number.NaN, 2]) })),
      };
    });
    const sum = (x: number[]) => x.reduce((s, v) => s + v, 0);
    expect(out.lev).toHaveLength(6);
    expect(Math.abs(sum(out.lev) - 2)).toBeLessThan(1e-4);
    expect(Math.abs(sum(out.lewis1) - 2)).toBeLessThan(1e-3);
    out.lewis2.forEach((w, i) => expect(Math.abs(w - out.lev[i])).toBeLessThan(1e-4));
    expect(out.lowP).toMatch(/p must be a finite number ≥ 1/);
    expect(out.wide).toMatch(/rows ≥ cols/);
    expect(out.nonFinite).toMatch(/only finite numbers/);
  });
}
