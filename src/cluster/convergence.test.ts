// Device-side convergence of k-means and k-subspaces in float64: the twins' rules, the same results whatever
// checkEvery is, and how many readbacks a run makes (counted, not timed).
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { convergenceState, countChanged, f32AtMost, holdWhenDone, readConvergence, recordConvergence } from './convergenceKernels';
import { kmeans, KMEANS_CHECK_EVERY } from './kmeans';
import { kss } from './kss';

/** A cpu backend whose `read` calls are counted. */
function countingBackend(): CpuBackend & { reads: number } {
  const be = new CpuBackend() as CpuBackend & { reads: number };
  be.reads = 0;
  const read = be.read.bind(be);
  be.read = (t) => {
    be.reads++;
    return read(t);
  };
  return be;
}

/** 200 uniform points in the unit square: no cluster structure, so Lloyd creeps for many iterations. */
function square(rng: Rng): Float64Array {
  return Float64Array.from({ length: 400 }, () => rng.uniform());
}

describe('convergence kernels (float64 twins)', () => {
  const be = new CpuBackend();

  it('record_convergence writes the history slot, counts iterations, and stops recording once every shift is ≤ threshold', () => {
    const state = convergenceState(be, 2, 3);
    const shift = be.upload([0.5, 0.1], { batch: 2, rows: 1, cols: 1 });
    recordConvergence(be, state, shift, be.upload([10, 20], { batch: 2, rows: 1, cols: 1 }), 0, 0.2);
    expect(Array.from(be.view(state))).toEqual([0, 1, 10, 20, 0, 0, 0, 0]);
    const tie = be.upload([0.2, 0.2], { batch: 2, rows: 1, cols: 1 }); // equal to the threshold counts as converged
    recordConvergence(be, state, tie, be.upload([11, 21], { batch: 2, rows: 1, cols: 1 }), 4, 0.2);
    expect(Array.from(be.view(state))).toEqual([1, 5, 10, 20, 11, 21, 0, 0]);
    recordConvergence(be, state, shift, be.upload([99, 99], { batch: 2, rows: 1, cols: 1 }), 5, 0.2);
    expect(Array.from(be.view(state))).toEqual([1, 5, 10, 20, 11, 21, 0, 0]);
  });

  it('hold_when_done copies the previous iterate only once done; count_changed counts moved labels and remembers them', async () => {
    const state = convergenceState(be, 1, 1);
    const previous = be.upload([1, 2, 3], { rows: 1, cols: 3 });
    const next = be.upload([4, 5, 6], { rows: 1, cols: 3 });
    holdWhenDone(be, state, previous, next);
    expect(Array.from(be.view(next))).toEqual([4, 5, 6]);
    be.view(state)[0] = 1;
    holdWhenDone(be, state, previous, next);
    expect(Array.from(be.view(next))).toEqual([1, 2, 3]);
    const last = be.fill({ rows: 1, cols: 4 }, -1);
    expect(Array.from(be.view(countChanged(be, be.upload([0, 1, 1, 2], { rows: 1, cols: 4 }), last)))).toEqual([4]);
    expect(Array.from(be.view(countChanged(be, be.upload([0, 2, 1, 2], { rows: 1, cols: 4 }), last)))).toEqual([1]);
    expect(Array.from(be.view(last))).toEqual([0, 2, 1, 2]);
    expect((await readConvergence(be, state)).done).toBe(true);
  });

  it('f32AtMost is the largest f32 not above x, so f32 comparisons on the device match float64 ones on the host', () => {
    for (const x of [0, 1, 0.1, 1e-4 * 37.3, 123456.789, 2 ** -140, 3.4e38]) {
      const f = f32AtMost(x);
      expect(Math.fround(f)).toBe(f);
      expect(f).toBeLessThanOrEqual(x);
      // the next f32 up is above x
      const bits = new Int32Array(new Float32Array([f]).buffer);
      bits[0]++;
      expect(new Float32Array(bits.buffer)[0]).toBeGreaterThan(x);
    }
  });
});

describe('k-means and k-subspaces read convergence every few iterations, with unchanged results', { timeout: 60_000 }, () => {
  it('k-means: labels, centroids, inertia history and iteration count are the same for checkEvery 1, 3, 4 and 7', async () => {
    const data = square(new Rng(11));
    const runs: Awaited<ReturnType<typeof kmeans>>[] = [];
    for (const checkEvery of [1, 3, 4, 7]) {
      const be = countingBackend();
      const x = be.upload(data, { rows: 200, cols: 2 });
      // a loose tol stops while the centroids still move, so iterations past convergence would change them
      const r = await kmeans(be, x, 6, { seed: 5, restarts: 4, tol: 0.01, checkEvery });
      be.dispose(x);
      expect(be.liveTensors()).toBe(0);
      // X once for seeding, the state once per checkEvery iterations, then the final inertia, labels and centroids
      expect(be.reads, `reads with checkEvery ${checkEvery}`).toBe(1 + Math.ceil(r.iterations / checkEvery) + 3);
      runs.push(r);
    }
    expect(runs[0].iterations).toBeGreaterThan(1);
    expect([3, 4, 7].some((k) => runs[0].iterations % k !== 0), 'a run that ends mid-chunk for some checkEvery').toBe(true);
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
    expect(KMEANS_CHECK_EVERY).toBeGreaterThan(1);
  });

  it('k-means stops at maxIter with the same result and one read per chunk', async () => {
    const data = square(new Rng(12));
    const results = [];
    for (const checkEvery of [1, 2]) {
      const be = countingBackend();
      const x = be.upload(data, { rows: 200, cols: 2 });
      const r = await kmeans(be, x, 6, { seed: 2, restarts: 3, maxIter: 3, tol: 0, checkEvery });
      expect(r.iterations).toBe(3);
      expect(r.inertiaHistory.length).toBe(4);
      expect(be.reads).toBe(1 + Math.ceil(3 / checkEvery) + 3);
      be.dispose(x);
      results.push(r);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('k-subspaces: the same labels, bases and residual history for checkEvery 1 and 3, and a bad checkEvery refused', async () => {
    const data = unionOfSubspaces(new Rng(21), { subspaces: 3, dim: 2, ambient: 8, perSubspace: 30, noise: 0.05 });
    const runs: Awaited<ReturnType<typeof kss>>[] = [];
    for (const checkEvery of [1, 3]) {
      const be = new CpuBackend();
      const x = be.upload(data.X, { rows: data.n, cols: data.d });
      runs.push(await kss(be, x, 3, { dim: 2, seed: 4, restarts: 2, checkEvery }));
      be.dispose(x);
      expect(be.liveTensors()).toBe(0);
    }
    expect(runs[0].iterations).toBeGreaterThan(1);
    expect(runs[1]).toEqual(runs[0]);
    const be = new CpuBackend();
    await expect(kss(be, be.upload(data.X, { rows: data.n, cols: data.d }), 3, { dim: 2, checkEvery: 0 })).rejects.toThrow(/checkEvery must be a positive integer/);
  });
});
