// jacobiRoundsPacked sweeps (jacobi_svd.wgsl) on WebGPU against the float64 twin on awkward shapes, and the SVD that runs them.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../engine/backend';
import { Rng } from '../data/rng';
import { expectTensorsClose } from '../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { orthogonalityError, svdResidual, worstRelativeError } from './factorizationChecks';
import { jacobiSweep } from './jacobiKernels';
import { packedSweep, packedWidth, padRows, sweepsPackedRows, type PackedPlan } from './jacobiPackedKernels';
import { jacobiSvd } from './jacobiSvd';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

/** Rows with clearly different norms, so no rotation sits at the ±45° tie where f32 and f64 could pick different signs. */
function distinctRows(rng: Rng, batch: number, n: number, len: number): Float32Array {
  return rng.normals(batch * n * len).map((x, e) => x * (1 + (Math.floor(e / len) % n) / n));
}

describe('jacobiRoundsPacked: packed sweeps on webgpu against the float64 twin', () => {
  // [batch, n, len]: one column, odd counts (a padding player), primes, lengths that need padding, a batch; each one
  // workgroup per item and a dispatch per round with 4 pairs per workgroup (several workgroups once n > 8). Larger n
  // than ~50 lets f32 and f64 drift apart over a sweep's many rounds (the scalar kernel does the same), so none here.
  const shapes: [number, number, number][] = [[1, 1, 4], [1, 2, 5], [1, 3, 1], [1, 7, 13], [1, 17, 17], [1, 41, 67], [3, 16, 20], [2, 9, 70]];
  const plans: [string, PackedPlan][] = [['one dispatch per sweep', { oneDispatch: true }], ['a dispatch per round, 4 pairs per workgroup', { oneDispatch: false, workgroupSize: 4 }]];
  for (const [batch, n, len] of shapes) for (const [label, plan] of plans) {
    itGpu(`a sweep on ${batch}×${n}×${len}, ${label}`, async () => {
      const data = distinctRows(new Rng(n * 13 + len), batch, n, len);
      const eye = Float64Array.from({ length: batch * n * n }, (_, e) => (Math.floor(e / n) % n === e % n ? 1 : 0));
      const gpuRun = () => {
        const work = gpu!.tidy(() => padRows(gpu!, gpu!.upload(data, { batch, rows: n, cols: len })));
        const rotations = gpu!.tidy(() => padRows(gpu!, gpu!.upload(eye, { batch, rows: n, cols: n })));
        const worst = gpu!.tidy(() => gpu!.reduce('max', packedSweep(gpu!, work, rotations, 1e-6, plan), 'all'));
        return { work, rotations, worst };
      };
      const cpuRun = (be: Backend) => {
        const work = be.upload(data, { batch, rows: n, cols: len });
        const rotations = be.upload(eye, { batch, rows: n, cols: n });
        const worst = be.tidy(() => be.reduce('max', jacobiSweep(be, work, rotations, 1e-6), 'all'));
        return { work, rotations, worst };
      };
      const g = gpuRun();
      const c = cpuRun(cpu);
      expect([g.work.cols, g.rotations.cols]).toEqual([packedWidth(len), packedWidth(n)]);
      const unpadded = gpu!.tidy(() => ({
        work: gpu!.slice(g.work, 0, 0, n, len), rotations: gpu!.slice(g.rotations, 0, 0, n, n),
      }));
      await expectTensorsClose(gpu!, cpu, unpadded.work, c.work, 1e-4, 2e-5, 'work');
      await expectTensorsClose(gpu!, cpu, unpadded.rotations, c.rotations, 1e-4, 2e-5, 'rotations');
      await expectTensorsClose(gpu!, cpu, g.worst, c.worst, 1e-3, 1e-5, 'largest |γ|/√(αβ)');
      // the padding stays exactly zero: read the padded rows and look at the entries past len and n
      const [w, r] = await Promise.all([gpu!.read(g.work), gpu!.read(g.rotations)]);
      for (let row = 0; row < batch * n; row++) {
        for (let e = len; e < g.work.cols; e++) expect(w[row * g.work.cols + e]).toBe(0);
        for (let e = n; e < g.rotations.cols; e++) expect(r[row * g.rotations.cols + e]).toBe(0);
      }
      for (const t of [...Object.values(g), ...Object.values(unpadded)]) gpu!.dispose(t);
      for (const t of Object.values(c)) cpu.dispose(t);
    });
  }

  itGpu('rejects rows that are not padded to whole vec4s', async () => {
    const work = gpu!.upload(new Float32Array(3 * 5), { rows: 3, cols: 5 });
    const rotations = gpu!.upload(new Float32Array(3 * 4), { rows: 3, cols: 4 });
    expect(() => packedSweep(gpu!, work, rotations, 1e-6)).toThrow(/pad them to a multiple of 4/);
    gpu!.dispose(work);
    gpu!.dispose(rotations);
  });
});

describe('jacobiSvd over packed rows', () => {
  itGpu('this software adapter sweeps packed rows, and a square SVD of 45×45 and a 61×23 one stay accurate', async () => {
    expect(sweepsPackedRows(gpu!)).toBe(gpu!.info.fallback);
    for (const [m, n] of [[45, 45], [61, 23], [23, 61]]) {
      const data = Float64Array.from(new Rng(m * n).normals(m * n));
      const at = gpu!.upload(data, { rows: m, cols: n });
      const { U, S, V } = await jacobiSvd(gpu!, at);
      const [u, v] = await Promise.all([gpu!.read(U), gpu!.read(V)]);
      const ac = cpu.upload(data, { rows: m, cols: n });
      const ref = await jacobiSvd(cpu, ac);
      const r = Math.min(m, n);
      expect(worstRelativeError(S, ref.S), `${m}×${n} σ`).toBeLessThan(1e-5);
      expect(orthogonalityError(u, m, r), `${m}×${n} UᵀU`).toBeLessThan(1e-5);
      expect(orthogonalityError(v, n, r), `${m}×${n} VᵀV`).toBeLessThan(1e-5);
      expect(svdResidual(data, u, S, v, m, n, r), `${m}×${n} residual`).toBeLessThan(1e-5);
      for (const t of [at, U, V]) gpu!.dispose(t);
      for (const t of [ac, ref.U, ref.V]) cpu.dispose(t);
    }
  });
});
