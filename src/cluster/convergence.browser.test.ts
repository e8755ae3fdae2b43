// lloyd_convergence.wgsl on WebGPU against its float64 twins, and k-means/k-subspaces on WebGPU: same results for
// every checkEvery, readbacks and dispatches per iteration counted (never timed).
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { convergenceState, countChanged, f32AtMost, holdWhenDone, recordConvergence } from './convergenceKernels';
import { kmeans } from './kmeans';
import { kss } from './kss';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

async function readAll(be: Backend, tensors: Tensor[]): Promise<number[][]> {
  const out = await Promise.all(tensors.map((t) => be.read(t)));
  tensors.forEach((t) => be.dispose(t));
  return out.map((a) => Array.from(a));
}

describe('lloyd_convergence kernels: webgpu against the float64 twins', () => {
  for (const n of [1, 63, 64, 65, 1000]) {
    itGpu(`count_changed on ${n} labels`, async () => {
      const rng = new Rng(n);
      const labels = Float64Array.from({ length: n }, () => rng.int(4));
      const last = Float64Array.from({ length: n }, () => rng.int(4));
      const run = (be: Backend) => {
        const lastT = be.upload(last, { rows: 1, cols: n });
        const changed = be.tidy(() => countChanged(be, be.upload(labels, { rows: 1, cols: n }), lastT));
        return [changed, lastT];
      };
      const [g, c] = [await readAll(gpu!, run(gpu!)), await readAll(cpu, run(cpu))];
      expect(g).toEqual(c);
      expect(g[1]).toEqual(Array.from(labels));
    });
  }

  itGpu('record_convergence and hold_when_done: 5 restarts, 3 slots, shifts at the f32 edges of the threshold', async () => {
    const threshold = 0.1; // fround(0.1) > 0.1: converged in float64 only at f32AtMost(0.1) and below
    const above = Math.fround(0.1);
    const at = f32AtMost(0.1);
    const shifts = [[1, at, 0, at, at], [above, at, at, at, at], [at, 0, at, 0, at], [0, 0, 0, 0, 0]];
    const run = (be: Backend) => {
      const state = convergenceState(be, 5, 3);
      let iterate = be.upload(Float64Array.from({ length: 10 }, (_, i) => i), { batch: 5, rows: 1, cols: 2 });
      shifts.forEach((shift, it) => {
        const next = be.tidy(() => {
          const moved = be.elementwise('add', iterate, be.upload([1], { rows: 1, cols: 1 }));
          holdWhenDone(be, state, iterate, moved);
          recordConvergence(be, state, be.upload(shift, { batch: 5, rows: 1, cols: 1 }), be.upload(shift.map((_, r) => 10 * it + r), { batch: 5, rows: 1, cols: 1 }), it, threshold);
          return moved;
        });
        be.dispose(iterate);
        iterate = next;
      });
      return [state, iterate];
    };
    const [g, c] = [await readAll(gpu!, run(gpu!)), await readAll(cpu, run(cpu))];
    expect(g).toEqual(c);
    expect(g[0].slice(0, 2), 'done after iteration 3 (index 2), not at the f32 rounding of 0.1').toEqual([1, 3]);
    expect(g[1], 'moved by the 3 iterations up to convergence, held at the 4th').toEqual(Array.from({ length: 10 }, (_, i) => i + 3));
  });
});

describe('k-means and k-subspaces on webgpu', { timeout: 300_000 }, () => {
  itGpu('k-means: same labels, centroids and history for checkEvery 1 and 4; one readback per 4 iterations, fixed dispatches per iteration', async () => {
    const data = Float64Array.from({ length: 400 }, new Rng(11).uniform.bind(new Rng(11)));
    const x = gpu!.upload(data, { rows: 200, cols: 2 });
    const runs: { r: Awaited<ReturnType<typeof kmeans>>; dispatches: number }[] = [];
    for (const checkEvery of [1, 4]) {
      const [d0, r0] = [gpu!.dispatches, gpu!.readbacks];
      const r = await kmeans(gpu!, x, 6, { seed: 5, restarts: 4, tol: 0.01, checkEvery });
      const [dispatches, readbacks] = [gpu!.dispatches - d0, gpu!.readbacks - r0];
      // X once for seeding, the state once per chunk, then the final inertia, labels and centroids
      expect(readbacks).toBe(1 + Math.ceil(r.iterations / checkEvery) + 3);
      runs.push({ r, dispatches });
    }
    expect(runs[1].r).toEqual(runs[0].r);
    // the same number of passes every iteration: a longer run of checkEvery 4 adds a whole chunk of them
    const perIteration = [];
    for (const maxIter of [4, 8, 12]) {
      const d0 = gpu!.dispatches;
      await kmeans(gpu!, x, 6, { seed: 5, restarts: 4, tol: 0, maxIter, checkEvery: 4 });
      perIteration.push(gpu!.dispatches - d0);
    }
    expect(perIteration[2] - perIteration[1]).toBe(perIteration[1] - perIteration[0]);
    console.info(`k-means: ${(perIteration[1] - perIteration[0]) / 4} dispatches per iteration, ${runs[0].r.iterations} iterations`);
    gpu!.dispose(x);
  });

  itGpu('k-subspaces: same result for checkEvery 1 and 3, and one state readback per iteration besides eigh', async () => {
    const data = unionOfSubspaces(new Rng(21), { subspaces: 3, dim: 2, ambient: 8, perSubspace: 30, noise: 0.05 });
    const x = gpu!.upload(data.X, { rows: data.n, cols: data.d });
    const [one, three] = [await kss(gpu!, x, 3, { dim: 2, seed: 4, restarts: 2, checkEvery: 1 }), await kss(gpu!, x, 3, { dim: 2, seed: 4, restarts: 2, checkEvery: 3 })];
    expect(three).toEqual(one);
    gpu!.dispose(x);
  });
});
