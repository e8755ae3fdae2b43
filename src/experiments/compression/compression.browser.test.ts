// The compression page on WebGPU (f32): its checks hold to single precision, each stage tracks the float64 cpu twin.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { prune24, round4bit } from './methods';
import { prune24On, round4bitOn } from './quantize';
import { calibrationWhitening } from './whitening';
import { compensationOn, type CompensationMetrics } from './compensation';
import { cospadiOn } from './cospadi';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const runQuick = (be: Backend) => runExperimentOn(be, 'compression', 'quick');

/** The f32 rounding of x (what an upload to webgpu stores). */
const f32 = (x: ArrayLike<number>) => Float64Array.from(Float32Array.from(x));

/** A random layer with full-rank correlated inputs, shaped awkwardly (primes, n not a multiple of 64). */
function syntheticLayer(seed: number, m: number, n: number, nCal: number, nTest: number) {
  const rng = new Rng(seed);
  const k = n;
  const M = rng.normals(k * n);
  const inputs = (N: number) => {
    const Z = rng.normals(N * k);
    const X = new Float64Array(N * n);
    for (let i = 0; i < N; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) X[i * n + j] += Z[i * k + p] * M[p * n + j];
    return f32(X);
  };
  return { W: f32(rng.normals(m * n)), X: inputs(nCal), Xtest: inputs(nTest) };
}

describe('compression on webgpu', () => {
  it('4-bit rounding and 2:4 pruning match the host versions on awkward shapes', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = gpu;
    const before = be.liveTensors();
    const rng = new Rng(5);
    for (const [m, n] of [[1, 4], [7, 12], [13, 36], [31, 68], [97, 64]]) {
      const W = f32(rng.normals(m * n));
      W[3] = 0;
      const t = be.upload(W, { rows: m, cols: n });
      const [r, p] = [round4bitOn(be, t), prune24On(be, t)];
      const [got, pruned] = [await be.read(r), await be.read(p)];
      const want = round4bit(W, m, n);
      for (let i = 0; i < m; i++) {
        let amax = 0;
        for (let j = 0; j < n; j++) amax = Math.max(amax, Math.abs(W[i * n + j]));
        // same integer level in every entry: the scales agree to f32 rounding (1e-6 of a level)
        for (let j = 0; j < n; j++) expect(Math.abs(got[i * n + j] - want[i * n + j]), `round ${m}×${n} [${i}, ${j}]`).toBeLessThanOrEqual(1e-6 * amax);
      }
      expect(Array.from(pruned, (v) => v + 0), `prune ${m}×${n}`).toEqual(Array.from(prune24(W), (v) => v + 0));
      [t, r, p].forEach((x) => be.dispose(x));
    }
    expect(be.liveTensors()).toBe(before);
  });

  it('whitening, EoRA/SVD compensation and CoSpaDi track the float64 backend on a 13×28 layer', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const [m, n, nCal, nTest] = [13, 28, 61, 37];
    const L = syntheticLayer(7, m, n, nCal, nTest);
    const stage = async (be: Backend) => {
      const before = be.liveTensors();
      const [W, X, Xtest] = [be.upload(L.W, { rows: m, cols: n }), be.upload(L.X, { rows: nCal, cols: n }), be.upload(L.Xtest, { rows: nTest, cols: n })];
      const wh = await calibrationWhitening(be, X, 0.01);
      const base: Tensor = round4bitOn(be, W);
      const comp = await compensationOn(be, { W, base, whitening: wh, Xtest, ranks: [1, 2, 4, 8] });
      const cs = await cospadiOn(be, W, wh, Xtest, new Rng(3), 2);
      [W, X, Xtest, wh.S, wh.Sinv, base, comp.lordV].forEach((t) => be.dispose(t));
      return { comp: comp.metrics, cs, leaked: be.liveTensors() - before };
    };
    const g = await stage(gpu);
    const c = await stage(cpuBackend());
    console.log('webgpu', JSON.stringify(g.comp), JSON.stringify(g.cs));
    console.log('cpu   ', JSON.stringify(c.comp), JSON.stringify(c.cs));
    expect(g.leaked).toBe(0);
    expect(g.comp.eora_identity_gap).toBeLessThan(1e-4);
    expect(g.comp.eora_minus_svd).toBeLessThan(1e-4);
    expect(g.cs.omp_worst_growth).toBeLessThanOrEqual(1e-5);
    for (const key of ['base_error', 'lord_error', 'eora_error', 'svd_error', 'eora_cnorm', 'svd_cnorm', 'eora_theory'] as (keyof CompensationMetrics)[]) {
      const a = [g.comp[key]].flat(), b = [c.comp[key]].flat();
      a.forEach((v, i) => expect(Math.abs(v - b[i]), `${key}[${i}]: ${v} vs ${b[i]}`).toBeLessThanOrEqual(1e-4 * Math.abs(b[i]) + 1e-6));
    }
    // K-SVD's greedy picks could part ways under f32 on a near-tie; here they agree (measured: ~1e-6 relative)
    g.cs.cospadi_error.forEach((v, i) => expect(Math.abs(v - c.cs.cospadi_error[i]), `cospadi[${i}]: ${v} vs ${c.cs.cospadi_error[i]}`).toBeLessThanOrEqual(1e-3 * c.cs.cospadi_error[i]));
  });

  it('quick preset: EoRA identity and margin in f32, OMP monotone, errors near the float64 run, no leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runQuick(gpu);
    const c = await runQuick(cpuBackend());
    console.log(`compression quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    console.log('webgpu', JSON.stringify(g.m));
    console.log('cpu   ', JSON.stringify(c.m));
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.eora_identity_gap as number).toBeLessThan(1e-3);
    expect(g.m.eora_minus_svd as number).toBeLessThan(1e-3);
    expect(g.m.omp_worst_growth as number).toBeLessThanOrEqual(1e-5);
    const eora = g.m.eora_error as number[];
    expect(eora[eora.length - 1]).toBeLessThan(g.m.base_error as number);
    // the learned LR²VQ never ends worse than the fixed one at equal bits, in f32 as in float64
    const [fixed, learned] = [g.m.lr2vq_error as number[], g.m.lr2vq_learned_error as number[]];
    learned.forEach((e, i) => expect(e, `learned[${i}] vs fixed ${fixed[i]}`).toBeLessThanOrEqual(fixed[i]));
    // the layer is trained in f32 vs f64, so the stages see W equal to ~1e-6 (measured gaps: ~1e-5 relative);
    // k-means seeding and OMP picks are discrete choices, so those get a wider margin. LR²VQ's k-means runs on W·V_d,
    // whose f32 V_d differs from float64's by ~1e-6: enough for a point near a cell boundary to change sides and Lloyd
    // to settle in another local optimum, which training the codebook then carries on (measured with the block Jacobi
    // SVD: fixed 3.8% apart at d = 16, the f32 one lower; learned 7.7% and 13.5% apart at d = 8 and 16, the f32 ones
    // higher). compression.test.ts and learnedLr2vq.test.ts hold LR²VQ's math in float64.
    for (const [id, tol] of [['lord', 1e-3], ['eora', 1e-3], ['svd', 1e-3], ['codebook', 0.02], ['lr2vq', 0.1], ['lr2vq_learned', 0.2], ['cospadi', 0.02]] as const) {
      const a = g.m[`${id}_error`] as number[], b = c.m[`${id}_error`] as number[];
      expect(a.length, id).toBe(b.length);
      a.forEach((v, i) => expect(Math.abs(v - b[i]), `${id}[${i}]: ${v} vs ${b[i]}`).toBeLessThanOrEqual(tol * b[i]));
    }
  });
});
