// Block Jacobi sweeps (jacobi_block.wgsl) on WebGPU against their float64 twin on awkward shapes, and the SVD that runs them.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../engine/backend';
import { Rng } from '../data/rng';
import { expectTensorsClose } from '../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { orthogonalityError, svdResidual, worstRelativeError } from './factorizationChecks';
import { blockSweep, packedWidth, padRows, sweepsBlocks, type BlockPlan } from './jacobiBlockKernels';
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

describe('jacobiBlockRounds: block sweeps on webgpu against the float64 twin', () => {
  // [batch, n, len]: one column, one block, odd counts (a half block; an odd number of blocks, so a padding block),
  // primes, lengths that need padding, a batch; each one workgroup per item and a dispatch per round with 2 meetings
  // per workgroup (several workgroups once n > 8). Larger n than ~50 lets f32 and f64 drift apart over a sweep's many
  // rounds (the pair kernels do the same), so none here.
  const shapes: [number, number, number][] = [[1, 1, 4], [1, 2, 5], [1, 3, 1], [1, 6, 9], [1, 7, 13], [1, 17, 17], [1, 41, 67], [3, 16, 20], [2, 9, 70]];
  const plans: [string, BlockPlan][] = [['one dispatch per sweep', { oneDispatch: true }], ['a dispatch per round, 2 meetings per workgroup', { oneDispatch: false, workgroupSize: 2 }]];
  for (const [batch, n, len] of shapes) for (const [label, plan] of plans) {
    itGpu(`a sweep on ${batch}×${n}×${len}, ${label}`, async () => {
      const data = distinctRows(new Rng(n * 13 + len), batch, n, len);
      const eye = Float64Array.from({ length: batch * n * n }, (_, e) => (Math.floor(e / n) % n === e % n ? 1 : 0));
      const gpuRun = () => {
        const work = gpu!.tidy(() => padRows(gpu!, gpu!.upload(data, { batch, rows: n, cols: len })));
        const rotations = gpu!.tidy(() => padRows(gpu!, gpu!.upload(eye, { batch, rows: n, cols: n })));
        const worst = gpu!.tidy(() => gpu!.reduce('max', blockSweep(gpu!, work, rotations, 1e-6, plan), 'all'));
        return { work, rotations, worst };
      };
      const cpuRun = (be: Backend) => {
        const work = be.tidy(() => padRows(be, be.upload(data, { batch, rows: n, cols: len })));
        const rotations = be.tidy(() => padRows(be, be.upload(eye, { batch, rows: n, cols: n })));
        const worst = be.tidy(() => be.reduce('max', blockSweep(be, work, rotations, 1e-6), 'all'));
        return { work, rotations, worst };
      };
      const g = gpuRun();
      const c = cpuRun(cpu);
      expect([g.work.cols, g.rotations.cols]).toEqual([packedWidth(len), packedWidth(n)]);
      await expectTensorsClose(gpu!, cpu, g.work, c.work, 1e-4, 2e-5, 'work');
      await expectTensorsClose(gpu!, cpu, g.rotations, c.rotations, 1e-4, 2e-5, 'rotations');
      await expectTensorsClose(gpu!, cpu, g.worst, c.worst, 1e-3, 1e-5, 'largest |γ|/√(αβ)');
      // the padding stays exactly zero: read the padded rows and look at the entries past len and n
      const [w, r] = await Promise.all([gpu!.read(g.work), gpu!.read(g.rotations)]);
      for (let row = 0; row < batch * n; row++) {
        for (let e = len; e < g.work.cols; e++) expect(w[row * g.work.cols + e]).toBe(0);
        for (let e = n; e < g.rotations.cols; e++) expect(r[row * g.rotations.cols + e]).toBe(0);
      }
      for (const t of Object.values(g)) gpu!.dispose(t);
      for (const t of Object.values(c)) cpu.dispose(t);
    });
  }

  itGpu('rejects rows that are not padded to whole vec4s', async () => {
    const work = gpu!.upload(new Float32Array(3 * 5), { rows: 3, cols: 5 });
    const rotations = gpu!.upload(new Float32Array(3 * 4), { rows: 3, cols: 4 });
    expect(() => blockSweep(gpu!, work, rotations, 1e-6)).toThrow(/pad them to a multiple of 4/);
    gpu!.dispose(work);
    gpu!.dispose(rotations);
  });
});

describe('jacobiSvd by block sweeps', () => {
  itGpu('this software adapter runs block sweeps, and a square SVD of 45×45 and a 61×23 one stay accurate', async () => {
    expect(sweepsBlocks(gpu!)).toBe(gpu!.info.fallback);
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
