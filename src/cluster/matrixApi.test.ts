// The plain-matrix clustering entry point behind window.subspaceLab.cluster: every method, transferable results, no leaks.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { CLUSTER_METHODS, runCluster } from './matrixApi';
import { accuracy } from './metrics';

describe('runCluster (the worker’s cluster(name, X, k, o))', { timeout: 60_000 }, () => {
  const data = unionOfSubspaces(new Rng(9800), { subspaces: 2, dim: 2, ambient: 8, perSubspace: 15, noise: 0.01 });
  const x = { rows: data.n, cols: data.d, data: data.X };

  it('runs every method, returns Int32Array labels and no float64 arrays, frees every tensor', async () => {
    const be = new CpuBackend();
    for (const name of CLUSTER_METHODS) {
      const out = await runCluster(be, name, x, 2, { seed: 3, dim: 2, restarts: 2, ignored: { nested: true } });
      expect(out.labels).toBeInstanceOf(Int32Array);
      expect(out.labels.length).toBe(data.n);
      for (const v of Object.values(out)) expect(v).not.toBeInstanceOf(Float64Array);
      // k-means and kNN spectral look for blobs and neighborhoods, not subspaces; the others must separate them
      if (name !== 'kmeans' && name !== 'spectral') expect(accuracy(out.labels, data.labels), name).toBeGreaterThanOrEqual(0.9);
      expect(be.liveTensors(), name).toBe(0);
    }
  });

  it('rejects a bad k or a malformed matrix with a clear message', async () => {
    const be = new CpuBackend();
    await expect(runCluster(be, 'kmeans', x, 0)).rejects.toThrow(/k must be an integer/);
    await expect(runCluster(be, 'ssc', { rows: 2, cols: 2, data: new Float32Array(3) }, 1)).rejects.toThrow(/data has 3 entries/);
    expect(be.liveTensors()).toBe(0);
  });
});
