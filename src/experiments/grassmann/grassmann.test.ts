// The grassmann page's checks: orthonormal class subspaces after every step, k = 1 is |cosine| softmax, exact gradients.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { runExperimentForTest } from '../framework/runForTest';
import { orthonormalityError, qrRetract, randomSubspace, smallestAngleCos, tangentProject } from './gcr';
import { createHead, lossAndGrads } from './gcrHead';

describe('grassmann experiment', () => {
  it('quick preset: subspaces stay orthonormal, k = 1 logits are γ|cos|, accuracy is sensible', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('grassmann', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.ks).toEqual([1, 2, 4, 8]);
    expect(m.worst_orthonormality as number).toBeLessThan(1e-12);
    expect(m.k1_cosine_gap as number).toBeLessThan(1e-12);
    for (const a of m.accuracy as number[]) expect(a).toBeGreaterThan(0.6);
    expect((m.angles_k4 as number[][]).length).toBe(10);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['accuracy', 'variability', 'angles']);
  }, 60_000);

  it('QR retraction is orthonormal and spans the same space; tangent vectors are orthogonal to S', () => {
    const rng = new Rng(5);
    const s = randomSubspace(9, 4, rng);
    expect(orthonormalityError(s)).toBeLessThan(1e-14);
    expect(qrRetract(s.data, 9, 4).every((v, i) => Math.abs(v - s.data[i]) < 1e-14)).toBe(true);
    const pi = tangentProject(s, Float64Array.from(rng.normals(36)));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let r = 0; r < 9; r++) dot += s.data[r * 4 + i] * pi[r * 4 + j];
      expect(Math.abs(dot)).toBeLessThan(1e-14);
    }
    expect(smallestAngleCos(s, s)).toBeCloseTo(1, 12);
  });

  it('head gradients match central differences (W, b and S)', () => {
    const rng = new Rng(7);
    const head = createHead({ inputs: 5, dim: 4, classes: 3, k: 2, gamma: 3, signed: false }, rng);
    const H = Float64Array.from(rng.normals(6 * 5));
    const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const batch = [0, 1, 2, 3, 4, 5];
    const g = lossAndGrads(head, H, y, batch);
    const check = (values: Float64Array, grad: Float64Array) => {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        values[i] = v + 1e-6;
        const up = lossAndGrads(head, H, y, batch).loss;
        values[i] = v - 1e-6;
        const down = lossAndGrads(head, H, y, batch).loss;
        values[i] = v;
        expect(Math.abs((up - down) / 2e-6 - grad[i])).toBeLessThan(1e-7);
      }
    };
    check(head.W, g.dW);
    check(head.b, g.db);
    head.S.forEach((s, c) => check(s.data, g.dS[c]));
  });
});
