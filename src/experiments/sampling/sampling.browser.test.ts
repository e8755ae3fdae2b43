// The sampling page on WebGPU (f32) against the float64 cpu backend: scores, sensitivity bracket, distortion, IRLS, the whole quick run.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { householderQr } from '../../linalg/qr';
import { leverageScores, lewisWeights } from '../../linalg/rowScores';
import { runLinalg } from '../../linalg/matrixApi';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { tallProblem } from './tallMatrix';
import { sensitivityBracket } from './sensitivities';
import { drawSamples, inclusionProbabilities } from './rowSampling';
import { sampleDistortions, testDirections } from './distortion';
import { regressionCosts } from './lpRegression';
import { SCHEMES } from './schema';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });
const cpu = cpuBackend();
const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);

// Awkward sizes: a prime row count, d not a power of two, spike rows.
const n = 131;
const d = 7;
const problem = tallProblem(new Rng(3), n, d, 1.5, 3);

/** Runs `fn` on A uploaded to `be`, freeing A afterwards. */
async function withA<T>(be: Backend, fn: (a: ReturnType<Backend['upload']>) => Promise<T>): Promise<T> {
  const a = be.upload(problem.a, { rows: n, cols: d });
  try {
    return await fn(a);
  } finally {
    be.dispose(a);
  }
}

describe('row scores on webgpu vs float64', () => {
  it('leverage scores and Lewis weights (p = 1, 1.5, 3, 6) agree and sum to d', async () => {
    await expectBackendsAgree(gpu!, cpu, (be) => withA(be, async (a) => [
      await leverageScores(be, a),
      ...(await Promise.all([1, 1.5, 3, 6].map(async (p) => (await lewisWeights(be, a, p)).weights))),
    ]), 'row scores', { rtol: 2e-3, atolScale: 1e-4 });
    const w = await withA(gpu!, async (a) => (await lewisWeights(gpu!, a, 1)).weights);
    expect(Math.abs(sum(w) - d)).toBeLessThan(1e-3);
  });
  it('the public entry points run on webgpu and reject bad input', async () => {
    const m = { rows: n, cols: d, data: Float32Array.from(problem.a) };
    const lev = (await runLinalg(gpu!, 'leverageScores', [m])) as number[];
    expect(Math.abs(sum(lev) - d)).toBeLessThan(1e-3);
    await expect(runLinalg(gpu!, 'lewisWeights', [m, 0.9])).rejects.toThrow(/p must be a finite number ≥ 1/);
  });
  it('sensitivity bracket (p = 1, 3; one block and 17-column blocks) agrees', async () => {
    await expectBackendsAgree(gpu!, cpu, (be) => withA(be, async (a) => {
      const out: Float64Array[] = [];
      for (const p of [1, 3]) {
        const { lower, upper } = await sensitivityBracket(be, a, (await lewisWeights(be, a, p)).weights, p);
        out.push(lower, upper);
      }
      out.push((await sensitivityBracket(be, a, (await lewisWeights(be, a, 1.5)).weights, 1.5, n * 17)).lower);
      return out;
    }), 'sensitivity bracket', { rtol: 5e-3, atolScale: 1e-4 });
  });
});

describe('distortion and regression on webgpu vs float64 (the same samples on both)', () => {
  const trials = 6;
  const pi = inclusionProbabilities(Float64Array.from(problem.a.filter((_, k) => k % d === 0), (v) => 1 + Math.abs(v)), 40);
  const { weights } = drawSamples(new Rng(8), pi, trials);
  const gaussian = new Rng(4).normals(d * 16);
  it('distortions at p = 1, 1.5, 2, 3 and the exact p = 2 value agree', async () => {
    await expectBackendsAgree(gpu!, cpu, (be) => withA(be, async (a) => {
      const { Q, R } = householderQr(be, a);
      const directions = be.upload(testDirections(await be.read(Q), d, gaussian, 16, [0, 5, 17]), { rows: d, cols: 19 });
      try {
        const out: Float64Array[] = [];
        for (const p of [1, 1.5, 2, 3]) out.push(Float64Array.from(await sampleDistortions(be, Q, directions, weights, trials, p, false)));
        out.push(Float64Array.from(await sampleDistortions(be, Q, directions, weights, trials, 2)));
        return out;
      } finally {
        for (const t of [Q, R, directions]) be.dispose(t);
      }
    }), 'distortion', { rtol: 2e-3, atolScale: 1e-5 });
  });
  it('IRLS costs at p = 1 and 3 agree', async () => {
    const batch = Float64Array.from([...new Float64Array(n).fill(1), ...weights]);
    await expectBackendsAgree(gpu!, cpu, (be) => withA(be, async (a) => {
      const b = be.upload(problem.b, { rows: n, cols: 1 });
      try {
        return [await regressionCosts(be, a, b, batch, trials + 1, 1, 12, 1e-3), await regressionCosts(be, a, b, batch, trials + 1, 3, 12, 1e-3)];
      } finally {
        be.dispose(b);
      }
    }), 'regression costs', { rtol: 1e-2, atolScale: 1e-6 });
  });
});

describe('the sampling page on webgpu', () => {
  it('the quick preset: the same headline figures as float64 and the card’s claims, nothing leaks', async () => {
    const g = await runExperimentOn(gpu!, 'sampling', 'quick');
    const c = await runExperimentOn(cpu, 'sampling', 'quick');
    const first = (m: typeof g.m, s: string) => (m[`distortion_by_p_${s}`] as number[][]).map((row) => row[0]);
    console.log(`sampling quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; lewis_sum ${g.m.lewis_sum} vs ${c.m.lewis_sum}; 𝔖 ${JSON.stringify(g.m.total_sensitivity)} vs ${JSON.stringify(c.m.total_sensitivity)}; smallest-m distortion uniform ${JSON.stringify(first(g.m, 'uniform'))} vs ${JSON.stringify(first(c.m, 'uniform'))}, lewis ${JSON.stringify(first(g.m, 'lewis'))} vs ${JSON.stringify(first(c.m, 'lewis'))}`);
    expect(g.leaked).toBe(0);
    expect(Math.abs((g.m.lewis_sum as number) - 8)).toBeLessThan(1e-3);
    expect(Math.abs((g.m.leverage_sum as number) - 8)).toBeLessThan(1e-4);
    (g.m.total_sensitivity as number[]).forEach((s, k) => expect(Math.abs(s - (c.m.total_sensitivity as number[])[k])).toBeLessThan(2e-3 * s));
    // Uniform probabilities are identical on both backends, so its samples are too: the distortions match to f32.
    (g.m.distortion_by_p_uniform as number[][]).flat().forEach((v, i) => expect(Math.abs(v - (c.m.distortion_by_p_uniform as number[][]).flat()[i])).toBeLessThan(1e-2 * v));
    // The other schemes' probabilities differ in the last bits, which may flip a rare draw: compare the trend, not each value.
    for (const s of SCHEMES.filter((x) => x !== 'uniform')) {
      first(g.m, s).forEach((v, k) => expect(first(g.m, 'uniform')[k]).toBeGreaterThan(v));
    }
  });
});
