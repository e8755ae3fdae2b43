// The trainable CRATE's hand-written backward against float64 central differences, for every parameter tensor.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { unitRows } from '../common/matmulSums';
import type { CrateOptions } from './crate';
import { crateLossAndGrads, crateParameters, disposeCrate, initTrainableCrate } from './crateModel';

const be = new CpuBackend();

/** Sum of the per-row losses / B: the mean cross-entropy, read synchronously from the cpu backend. */
function meanLoss(rowStats: ReturnType<typeof crateLossAndGrads>['rowStats'], rows: number): number {
  const s = be.view(rowStats);
  let total = 0;
  for (let i = 0; i < rows; i++) total += s[2 * i];
  return total / rows;
}

describe('trainable CRATE backward', () => {
  // awkward sizes: 3 images of 5 tokens, 3 heads of dimension 2 (d = 6), 3 classes, 2 layers
  const o: CrateOptions = { images: 3, tokens: 5, heads: 3, headDim: 2, compression: 0.6, eta: 0.3, lambda: 0.1, eps2: 0.5 };
  const d = o.heads * o.headDim;

  it('matches central differences for U, D of every layer, W and b', () => {
    const rng = new Rng(7);
    const m = initTrainableCrate(be, rng, o, 2, 3);
    // move away from the orthogonal init so the check does not rest on UᵀU = I or DᵀD = I
    for (const t of crateParameters(m)) {
      const v = be.view(t);
      const noise = rng.normals(v.length, 0.3);
      for (let i = 0; i < v.length; i++) v[i] += noise[i];
    }
    const tokens = be.keep(be.tidy(() => unitRows(be, be.upload(rng.normals(o.images * o.tokens * d), { rows: o.images * o.tokens, cols: d }))));
    const labels = be.keep(be.upload(Float64Array.from([0, 2, 1]), { rows: 3, cols: 1 }));
    const before = be.liveTensors();
    const { grads, rowStats } = be.tidy(() => crateLossAndGrads(be, tokens, labels, m, o));
    const loss = () => be.tidy(() => meanLoss(crateLossAndGrads(be, tokens, labels, m, o, false).rowStats, o.images));
    const params = crateParameters(m);
    const numeric = centralDifferences(be, params, loss);
    expect(meanLoss(rowStats, o.images)).toBeCloseTo(loss(), 12);
    const names = ['U1', 'D1', 'U2', 'D2', 'W', 'b'];
    params.forEach((_, i) => {
      const analytic = be.view(grads[i]);
      const scale = Math.max(...numeric[i].map(Math.abs));
      expect(scale, `${names[i]} has a gradient`).toBeGreaterThan(1e-4);
      expect(relativeGradientError(analytic, numeric[i]), names[i]).toBeLessThan(1e-6);
    });
    // the linear probe's gradients are the full model's W and b gradients
    const probe = be.tidy(() => crateLossAndGrads(be, tokens, labels, m, o, false));
    expect(relativeGradientError(be.view(probe.grads[0]), be.view(grads[4]))).toBeLessThan(1e-12);
    expect(relativeGradientError(be.view(probe.grads[1]), be.view(grads[5]))).toBeLessThan(1e-12);
    for (const t of [...grads, rowStats, ...probe.grads, probe.rowStats]) be.dispose(t);
    expect(be.liveTensors()).toBe(before);
    disposeCrate(be, m);
    be.dispose(tokens);
    be.dispose(labels);
  });
});
