// Gradient checks of the layers, the fused loss and the MLP against float64 central differences (cpu backend).
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { activationBackward, activationForward, ACTIVATIONS } from './activationKernels';
import { linearBackward, linearForward } from './layers';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { Mlp } from './mlp';
import { centralDifferences, relativeGradientError } from './gradientCheck';

const be = new CpuBackend();
/** Central differences in float64 with ε = 1e-6 agree to ~1e-9 relative on smooth functions. */
const GRAD_TOL = 1e-7;

function randomTensor(rng: Rng, rows: number, cols: number, scale = 1) {
  return be.upload(rng.normals(rows * cols, scale), { rows, cols });
}

/** Σ_ij y_ij·r_ij for a fixed random r: a scalar whose gradient wrt y is r. */
function weightedSum(y: number[] | Float64Array, r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += y[i] * r[i];
  return s;
}

describe('layer gradients vs central differences (float64)', () => {
  it('linear: dW = dyᵀx, db = Σ dy, dx = dy·W', () => {
    const rng = new Rng(1);
    const [B, inp, out] = [5, 7, 3];
    const x = randomTensor(rng, B, inp);
    const W = randomTensor(rng, out, inp);
    const b = randomTensor(rng, 1, out);
    const r = Float64Array.from(rng.normals(B * out));
    const dy = be.upload(r, { rows: B, cols: out });
    const f = () => be.tidy(() => weightedSum(be.view(linearForward(be, x, W, b)), r));
    const [gx, gW, gb] = centralDifferences(be, [x, W, b], f);
    const g = linearBackward(be, x, W, dy);
    const errors = [relativeGradientError(be.view(g.dW), gW), relativeGradientError(be.view(g.db), gb), relativeGradientError(be.view(g.dx!), gx)];
    console.log(`gradient check linear: dW ${errors[0].toExponential(1)}, db ${errors[1].toExponential(1)}, dx ${errors[2].toExponential(1)}`);
    for (const e of errors) expect(e).toBeLessThan(GRAD_TOL);
    expect(linearBackward(be, x, W, dy, false).dx).toBeNull();
  });

  for (const act of ACTIVATIONS) {
    it(`${act}: backward equals the derivative of the forward`, () => {
      const rng = new Rng(2);
      const z = randomTensor(rng, 6, 9, 2);
      const r = Float64Array.from(rng.normals(54));
      const f = () => be.tidy(() => weightedSum(be.view(activationForward(be, z, act)), r));
      const [gz] = centralDifferences(be, [z], f);
      const err = relativeGradientError(be.view(activationBackward(be, z, be.upload(r, z), act)), gz);
      console.log(`gradient check ${act}: ${err.toExponential(1)}`);
      expect(err).toBeLessThan(GRAD_TOL);
    });
  }

  it('softmax cross-entropy: loss, hits and gradient (p − onehot)/B', () => {
    const rng = new Rng(3);
    const [B, C] = [6, 5];
    const logits = randomTensor(rng, B, C, 3);
    const labels = be.upload([0, 4, 2, 2, 1, 3], { rows: B, cols: 1 });
    const meanLoss = () => be.tidy(() => {
      const s = be.view(softmaxCrossEntropy(be, logits, labels).rowStats);
      let t = 0;
      for (let i = 0; i < B; i++) t += s[2 * i];
      return t / B;
    });
    const [gz] = centralDifferences(be, [logits], meanLoss);
    const { grad, rowStats } = softmaxCrossEntropy(be, logits, labels);
    const err = relativeGradientError(be.view(grad), gz);
    console.log(`gradient check softmax cross-entropy: ${err.toExponential(1)}`);
    expect(err).toBeLessThan(GRAD_TOL);
    // loss_i = logsumexp(z_i) − z_i[y_i] and hit_i = [argmax = y_i], directly
    const z = be.view(logits);
    const s = be.view(rowStats);
    const y = [0, 4, 2, 2, 1, 3];
    for (let i = 0; i < B; i++) {
      const row = Array.from(z.subarray(i * C, (i + 1) * C));
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      expect(s[2 * i]).toBeCloseTo(lse - row[y[i]], 12);
      expect(s[2 * i + 1]).toBe(row.indexOf(Math.max(...row)) === y[i] ? 1 : 0);
    }
  });

  it('softmax cross-entropy stays finite for huge logits', () => {
    const logits = be.upload([1000, -1000, 999, 0, 5e4, -5e4], { rows: 2, cols: 3 });
    const labels = be.upload([2, 2], { rows: 2, cols: 1 });
    const { grad, rowStats } = softmaxCrossEntropy(be, logits, labels);
    const s = be.view(rowStats);
    expect(s[0]).toBeCloseTo(1 + Math.log1p(Math.exp(-1) + Math.exp(-2000)), 12);
    expect(s[2]).toBe(1e5);
    expect([...be.view(grad)].every(Number.isFinite)).toBe(true);
  });

  for (const act of ACTIVATIONS) {
    it(`MLP 6-5-4-3 (${act}): every weight's gradient`, () => {
      const rng = new Rng(4);
      const mlp = new Mlp([6, 5, 4, 3], act);
      const start = be.liveTensors();
      const weights = mlp.init(be, rng);
      const x = randomTensor(rng, 7, 6);
      const labels = be.upload([0, 1, 2, 2, 1, 0, 1], { rows: 7, cols: 1 });
      const meanLoss = () => be.tidy(() => {
        const s = be.view(be.reduce('sum', mlp.rowStats(be, weights, x, labels), 'perCol'));
        return s[0] / 7;
      });
      const numeric = centralDifferences(be, weights, meanLoss);
      const analytic = be.tidy(() => mlp.lossAndGrads(be, weights, x, labels).grads.map((g) => be.view(g).slice()));
      const errors = analytic.map((g, i) => relativeGradientError(g, numeric[i]));
      console.log(`gradient check MLP ${act}: worst ${Math.max(...errors).toExponential(1)}`);
      for (const e of errors) expect(e).toBeLessThan(GRAD_TOL);
      for (const t of [...weights, x, labels]) be.dispose(t);
      expect(be.liveTensors()).toBe(start);
    });
  }
});
