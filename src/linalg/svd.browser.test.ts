// jacobi_svd kernels on WebGPU against their float64 twins, and SVD's accuracy targets on both backends, in real Chromium.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { expectTensorsClose } from '../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { gradedSpectrum, withSingularValues } from '../testing/matrices';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { isDescending, orthogonalityError, svdResidual, worstRelativeError } from './factorizationChecks';
import { gatherColumns, jacobiSweep, type SweepPlan } from './jacobiKernels';
import { jacobiSvd } from './jacobiSvd';
import { svd, svdBatched, type SvdOptions } from './svd';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu);

const expectClose = (g: Tensor, c: Tensor, rtol: number, atol: number, label: string) => expectTensorsClose(gpu!, cpu, g, c, rtol, atol, label);

/** Rows with clearly different norms, so no rotation sits at the ±45° tie where f32 and f64 could pick different signs. */
function distinctRows(rng: Rng, batch: number, n: number, len: number): Float32Array {
  return rng.normals(batch * n * len).map((x, e) => x * (1 + (Math.floor(e / len) % n) / n));
}

describe('jacobi_svd kernel: webgpu against the float64 twin', () => {
  const plans: [string, SweepPlan][] = [
    ['a dispatch per round, 1 thread per pair', { oneDispatch: false, layout: { workgroupSize: 16, threadsPerColumn: 1 } }],
    ['a dispatch per round, 32 threads per pair', { oneDispatch: false, layout: { workgroupSize: 64, threadsPerColumn: 32 } }],
    ['one dispatch per sweep, 1 thread per pair', { oneDispatch: true, layout: { workgroupSize: 64, threadsPerColumn: 1 } }],
    ['one dispatch per sweep, 4 threads per pair', { oneDispatch: true, layout: { workgroupSize: 16, threadsPerColumn: 4 } }],
  ];
  // [batch, n, len]: one column, odd column counts (a padding player), primes, more pairs than a workgroup holds.
  const shapes: [number, number, number][] = [[1, 1, 4], [1, 2, 5], [1, 3, 1], [1, 7, 13], [1, 17, 17], [1, 41, 67], [3, 16, 20], [2, 9, 70]];
  for (const [batch, n, len] of shapes) {
    for (const [label, plan] of plans) {
      itGpu(`jacobiSweep on ${batch}×${n}×${len}, ${label}`, async () => {
        const data = distinctRows(new Rng(n * 13 + len), batch, n, len);
        const eye = Float64Array.from({ length: batch * n * n }, (_, e) => (Math.floor(e / n) % n === e % n ? 1 : 0));
        const run = (be: Backend) => {
          const work = be.upload(data, { batch, rows: n, cols: len });
          const rotations = be.upload(eye, { batch, rows: n, cols: n });
          const worst = be.tidy(() => be.reduce('max', jacobiSweep(be, work, rotations, 1e-6, plan), 'all'));
          return { work, rotations, worst };
        };
        const g = run(gpu!);
        const c = run(cpu);
        await expectClose(g.work, c.work, 1e-4, 2e-5, 'work');
        await expectClose(g.rotations, c.rotations, 1e-4, 2e-5, 'rotations');
        await expectClose(g.worst, c.worst, 1e-3, 1e-5, 'largest |γ|/√(αβ)');
        for (const t of Object.values(g)) gpu!.dispose(t);
        for (const t of Object.values(c)) cpu.dispose(t);
      });
    }
  }

  itGpu('gatherColumns picks, scales and transposes rows on 3×7×11 → 3×11×5', async () => {
    const [batch, count, len, r] = [3, 7, 11, 5];
    const rng = new Rng(4);
    const data = rng.normals(batch * count * len);
    const table = new Float32Array(batch * 2 * r);
    for (let z = 0; z < batch; z++) {
      for (let c = 0; c < r; c++) {
        table[z * 2 * r + c] = (c * 3 + z) % count;
        table[z * 2 * r + r + c] = rng.normal();
      }
    }
    const run = (be: Backend) => be.tidy(() => gatherColumns(be, be.upload(data, { batch, rows: count, cols: len }), be.upload(table, { batch, rows: 2, cols: r })));
    await expectClose(run(gpu!), run(cpu), 1e-6, 1e-7, 'gathered');
  });
});

type Case = { name: string; m: number; n: number; make: (rng: Rng) => Float64Array; o?: SvdOptions; sigma?: ArrayLike<number>; sigmaTol?: number };

const gaussian = (m: number, n: number) => (rng: Rng) => Float64Array.from(rng.normals(m * n));
const graded = gradedSpectrum(40, 1, 1e-4);
const wellConditioned = Float64Array.from({ length: 60 }, (_, i) => 10 - (9 * i) / 59);
const clustered = [3, 2 + 1e-5, 2, 2 - 1e-5, 1, 1, 1, 0.5];
const halving = Float64Array.from({ length: 60 }, (_, i) => 0.5 ** i);

const CASES: Case[] = [
  { name: 'Gaussian 256×256', m: 256, n: 256, make: gaussian(256, 256) },
  { name: '200×40 with σ graded 1…1e-4', m: 200, n: 40, make: (rng) => withSingularValues(rng, 200, 40, graded), sigma: graded, sigmaTol: 1e-2 },
  { name: 'well-conditioned 100×60 (σ 10…1)', m: 100, n: 60, make: (rng) => withSingularValues(rng, 100, 60, wellConditioned), sigma: wellConditioned, sigmaTol: 1e-4 },
  { name: 'tall 500×20', m: 500, n: 20, make: gaussian(500, 20) },
  { name: 'wide 16×90', m: 16, n: 90, make: gaussian(16, 90) },
  { name: 'rank 5 of 60×30', m: 60, n: 30, make: (rng) => withSingularValues(rng, 60, 30, [5, 4, 3, 2, 1]) },
  { name: 'clustered σ, 30×8', m: 30, n: 8, make: (rng) => withSingularValues(rng, 30, 8, clustered), sigma: clustered, sigmaTol: 1e-4 },
  { name: 'repeated columns, 10×3', m: 10, n: 3, make: (rng) => { const g = rng.normals(10); return Float64Array.from({ length: 30 }, (_, e) => g[Math.floor(e / 3)]); } },
  { name: 'zero 5×3', m: 5, n: 3, make: () => new Float64Array(15) },
  { name: '1×1', m: 1, n: 1, make: gaussian(1, 1) },
  { name: '1×9', m: 1, n: 9, make: gaussian(1, 9) },
  { name: '9×1', m: 9, n: 1, make: gaussian(9, 1) },
  { name: '67×13 (primes)', m: 67, n: 13, make: gaussian(67, 13) },
  { name: '13×67 (primes)', m: 13, n: 67, make: gaussian(13, 67) },
  { name: 'entries near 1e30', m: 20, n: 7, make: (rng) => gaussian(20, 7)(rng).map((x) => x * 1e30) },
  { name: 'top 10 of σ_i = 0.5^i, randomized, 200×120', m: 200, n: 120, make: (rng) => withSingularValues(rng, 200, 120, halving), o: { k: 10, method: 'randomized', seed: 1 }, sigma: halving, sigmaTol: 1e-3 },
  { name: 'top 6 of 90×70 by Jacobi', m: 90, n: 70, make: gaussian(90, 70), o: { k: 6, method: 'jacobi' } },
];

describe('svd accuracy on both backends', () => {
  for (const c of CASES) {
    for (const kind of ['webgpu', 'cpu'] as const) {
      itGpu(`${c.name} on ${kind}`, async () => {
        const be: Backend = kind === 'webgpu' ? gpu! : cpu;
        const f32 = kind === 'webgpu';
        const a = Float64Array.from(Float32Array.from(c.make(new Rng(c.m * 7 + c.n)))); // the numbers both backends see
        const start = be.liveTensors();
        const at = be.upload(a, { rows: c.m, cols: c.n });
        const t0 = performance.now();
        const { U, S, V } = await svd(be, at, c.o);
        const ms = performance.now() - t0;
        const r = c.o?.k ?? Math.min(c.m, c.n);
        expect([U.rows, U.cols, V.rows, V.cols, S.length]).toEqual([c.m, r, c.n, r, r]);
        const [u, v] = await Promise.all([be.read(U), be.read(V)]);
        const reference = c.sigma ?? (f32 ? (await referenceSvd(a, c.m, c.n, c.o)) : null);
        const orthU = orthogonalityError(u, c.m, r);
        const orthV = orthogonalityError(v, c.n, r);
        const residual = r === Math.min(c.m, c.n) ? svdResidual(a, u, S, v, c.m, c.n, r) : 0;
        const sigmaErr = reference ? worstRelativeError(S, reference, relativeCount(reference, r)) : 0;
        console.info(`svd ${c.name} on ${kind}: ${ms.toFixed(0)} ms, worst σ rel ${sigmaErr.toExponential(2)}, ` +
          `|UᵀU−I| ${orthU.toExponential(2)}, |VᵀV−I| ${orthV.toExponential(2)}, ‖A−USVᵀ‖/‖A‖ ${residual.toExponential(2)}`);
        expect(orthU, 'max |UᵀU − I|').toBeLessThan(f32 ? 1e-4 : 1e-12);
        expect(orthV, 'max |VᵀV − I|').toBeLessThan(f32 ? 1e-4 : 1e-12);
        expect(residual, '‖A − USVᵀ‖/‖A‖').toBeLessThan(f32 ? 1e-4 : 1e-12);
        expect(sigmaErr, 'worst relative σ error').toBeLessThan(c.sigmaTol ?? (f32 ? 1e-4 : 1e-12));
        expect(isDescending(S, r)).toBe(true);
        be.dispose(at);
        be.dispose(U);
        be.dispose(V);
        expect(be.liveTensors(), 'every intermediate is freed').toBe(start);
      });
    }
  }
});

/** σ from the float64 cpu backend for the same numbers (exact Jacobi; the randomized case keeps its method). */
async function referenceSvd(a: Float64Array, m: number, n: number, o?: SvdOptions): Promise<Float64Array> {
  const t = cpu.upload(a, { rows: m, cols: n });
  const { U, S, V } = await svd(cpu, t, { k: o?.k, method: 'jacobi' });
  for (const x of [t, U, V]) cpu.dispose(x);
  return S;
}

/** Singular values that f32 can resolve relatively: those above 1e-5·σ_max (the rest of a rank-deficient input is noise). */
function relativeCount(reference: ArrayLike<number>, r: number): number {
  let count = 0;
  while (count < r && reference[count] > 1e-5 * reference[0]) count++;
  return count;
}

describe('svdBatched and errors', () => {
  itGpu('svdBatched on webgpu matches per-item float64 results with one dispatch per sweep', async () => {
    const [batch, m, n] = [6, 12, 9];
    const data = Float64Array.from(new Rng(5).normals(batch * m * n));
    const start = gpu!.liveTensors();
    const at = gpu!.upload(data, { batch, rows: m, cols: n });
    const original = gpu!.dispatch.bind(gpu!);
    let jacobiDispatches = 0;
    gpu!.dispatch = (pipeline, ...rest) => {
      if (/jacobi(Block)?Rounds/.test(pipeline.label)) jacobiDispatches++; // pair rounds, or block rounds on a software adapter
      original(pipeline, ...rest);
    };
    try {
      const { U, S, V, sweeps } = await jacobiSvd(gpu!, at);
      expect(jacobiDispatches).toBe(sweeps);
      gpu!.dispose(U);
      gpu!.dispose(V);
      const batched = await svdBatched(gpu!, at);
      const [u, v] = await Promise.all([gpu!.read(batched.U), gpu!.read(batched.V)]);
      const reference = await svdBatched(cpu, cpu.upload(data, { batch, rows: m, cols: n }));
      expect(worstRelativeError(batched.S, reference.S)).toBeLessThan(1e-4);
      expect(worstRelativeError(S, reference.S)).toBeLessThan(1e-4);
      for (let z = 0; z < batch; z++) {
        expect(orthogonalityError(u, m, n, z)).toBeLessThan(1e-5);
        expect(orthogonalityError(v, n, n, z)).toBeLessThan(1e-5);
        expect(svdResidual(data, u, batched.S, v, m, n, n, z)).toBeLessThan(1e-5);
      }
      for (const t of [at, batched.U, batched.V]) gpu!.dispose(t);
      expect(gpu!.liveTensors()).toBe(start);
    } finally {
      gpu!.dispatch = original;
    }
  });

  itGpu('runs end to end with the layouts a hardware adapter gets (32 threads per column or pair)', async () => {
    const info = gpu!.info as { fallback: boolean };
    const was = info.fallback;
    info.fallback = false;
    try {
      for (const [batch, m, n] of [[1, 67, 45], [3, 20, 11]]) {
        const data = Float64Array.from(new Rng(m + n).normals(batch * m * n));
        const at = gpu!.upload(data, { batch, rows: m, cols: n });
        const { U, S, V } = await svdBatched(gpu!, at);
        const [u, v] = await Promise.all([gpu!.read(U), gpu!.read(V)]);
        const reference = await svdBatched(cpu, cpu.upload(data, { batch, rows: m, cols: n }));
        expect(worstRelativeError(S, reference.S)).toBeLessThan(1e-4);
        for (let z = 0; z < batch; z++) {
          expect(orthogonalityError(u, m, n, z)).toBeLessThan(1e-5);
          expect(orthogonalityError(v, n, n, z)).toBeLessThan(1e-5);
          expect(svdResidual(data, u, S, v, m, n, n, z)).toBeLessThan(1e-5);
        }
        for (const t of [at, U, V]) gpu!.dispose(t);
      }
    } finally {
      info.fallback = was;
    }
  });

  itGpu('rejects NaN and ±Infinity on webgpu with a clear message, leaking nothing', async () => {
    const start = gpu!.liveTensors();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = gpu!.upload([1, 2, bad, 4, 5, 6], { rows: 3, cols: 2 });
      await expect(svd(gpu!, a)).rejects.toThrow(/svd: input has 1 non-finite entries/);
      gpu!.dispose(a);
    }
    expect(gpu!.liveTensors()).toBe(start);
  });
});
