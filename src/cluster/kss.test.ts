// k-subspaces as a new user calls it (no dim, no restarts) separates unions of subspaces, in float64.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { KSS_BENCHMARKS } from '../testing/kssBenchmarks';
import { kss } from './kss';
import { accuracy } from './metrics';

describe('kss with default options', { timeout: 120_000 }, () => {
  const be = new CpuBackend();
  for (const o of KSS_BENCHMARKS) {
    it(`${o.subspaces} random ${o.dim}-dim subspaces of R^${o.ambient}, noise ${o.noise}: accuracy ≥ 0.95, dimension found`, async () => {
      const data = unionOfSubspaces(new Rng(o.seed), o);
      const x = be.upload(data.X, { rows: data.n, cols: data.d });
      const r = await kss(be, x, o.subspaces);
      be.dispose(x);
      expect(be.liveTensors()).toBe(0);
      expect(r.dim).toBe(o.dim);
      expect(accuracy(r.labels, data.labels)).toBeGreaterThanOrEqual(0.95);
      // the winner has the lowest objective of all restarts, and seeded restarts (even) reach it
      expect(r.residual).toBe(Math.min(...r.restartResiduals));
      expect(r.restartResiduals.length).toBe(6);
      expect(Math.min(...r.restartResiduals.filter((_, i) => i % 2 === 0))).toBe(r.residual);
    });
  }

  it('rejects a bad dimension or restart count with a clear error', async () => {
    const x = be.upload(new Rng(1).normals(40), { rows: 10, cols: 4 });
    await expect(kss(be, x, 2, { dim: 5 })).rejects.toThrow(/dim must be an integer in \[1, 4\]/);
    await expect(kss(be, x, 2, { restarts: 0 })).rejects.toThrow(/restarts must be a positive integer/);
    await expect(kss(be, x, 11)).rejects.toThrow(/k must be an integer in \[1, 10\]/);
    be.dispose(x);
  });
});
