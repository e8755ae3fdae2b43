// Checks the exact R-operator Hessian-vector product and power iteration against a dense float64 Hessian (cpu).
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import type { Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { eigh } from '../linalg/eigh';
import { Mlp } from './mlp';
import { flatten, unflatten } from './flatParams';
import { hessianPowerIteration, MlpHessian } from './hessian';
import { relativeGradientError } from './gradientCheck';
import type { Activation } from './activationKernels';

const be = new CpuBackend();

/** A tiny classification problem: n samples of `features` Gaussian features, labels from a random linear rule. */
function tinyProblem(rng: Rng, n: number, features: number, classes: number) {
  const X = rng.normals(n * features);
  const w = rng.normals(features * classes);
  const y = Float64Array.from({ length: n }, (_, i) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let j = 0; j < features; j++) s += X[i * features + j] * w[j * classes + c];
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    return best;
  });
  return { x: be.keep(be.upload(X, { rows: n, cols: features })), y: be.keep(be.upload(y, { rows: n, cols: 1 })) };
}

/** ∇L(θ) in float64 for a host θ. */
function gradientAt(mlp: Mlp, theta: Float64Array, x: Tensor, y: Tensor): Float64Array {
  return be.tidy(() => {
    const weights = unflatten(be, be.upload(theta, { rows: theta.length, cols: 1 }), mlp.weightShapes);
    return be.view(flatten(be, mlp.lossAndGrads(be, weights, x, y).grads)).slice();
  });
}

/** H by central differences of gradients, column by column: H e_j ≈ (∇L(θ + εe_j) − ∇L(θ − εe_j)) / 2ε. */
function denseHessianByDifferences(mlp: Mlp, theta: Float64Array, x: Tensor, y: Tensor, eps = 1e-5): Float64Array {
  const D = theta.length;
  const H = new Float64Array(D * D);
  for (let j = 0; j < D; j++) {
    const up = theta.slice();
    const down = theta.slice();
    up[j] += eps;
    down[j] -= eps;
    const gu = gradientAt(mlp, up, x, y);
    const gd = gradientAt(mlp, down, x, y);
    for (let i = 0; i < D; i++) H[i * D + j] = (gu[i] - gd[i]) / (2 * eps);
  }
  return H;
}

function setup(sizes: number[], activation: Activation, seed: number) {
  const rng = new Rng(seed);
  const mlp = new Mlp(sizes, activation);
  const { x, y } = tinyProblem(rng, 24, sizes[0], sizes[sizes.length - 1]);
  const theta = Float64Array.from(rng.normals(mlp.parameterCount(), 0.8));
  const weights = be.tidy(() => unflatten(be, be.upload(theta, { rows: theta.length, cols: 1 }), mlp.weightShapes).map((t) => be.keep(t)));
  const hessian = new MlpHessian(be, mlp, weights, x, y);
  const dispose = () => {
    hessian.dispose();
    for (const t of [...weights, x, y]) be.dispose(t);
  };
  return { rng, mlp, x, y, theta, hessian, dispose };
}

describe('exact Hessian-vector products (R-operator) on the cpu backend', () => {
  for (const [sizes, activation] of [[[5, 4, 3], 'tanh'], [[4, 5, 3, 3], 'tanh'], [[5, 6, 3], 'relu']] as [number[], Activation][]) {
    it(`${sizes.join('-')} ${activation}: Hv equals the difference of gradients along v`, () => {
      const before = be.liveTensors();
      const s = setup(sizes, activation, 7);
      const D = s.theta.length;
      const v = Float64Array.from(s.rng.normals(D));
      const eps = 1e-5;
      const gu = gradientAt(s.mlp, s.theta.map((t, i) => t + eps * v[i]), s.x, s.y);
      const gd = gradientAt(s.mlp, s.theta.map((t, i) => t - eps * v[i]), s.x, s.y);
      const fd = gu.map((g, i) => (g - gd[i]) / (2 * eps));
      const hv = be.tidy(() => be.view(s.hessian.hvpFlat(be.upload(v, { rows: D, cols: 1 }))).slice());
      const err = relativeGradientError(hv, fd);
      console.log(`Hv vs differences of gradients (${sizes.join('-')} ${activation}, D=${D}): relative error ${err.toExponential(2)}`);
      expect(err).toBeLessThan(1e-7);
      s.dispose();
      expect(be.liveTensors()).toBe(before);
    }, 120_000);
  }

  for (const [sizes, activation] of [[[6, 5, 3], 'tanh'], [[8, 6, 4], 'relu']] as [number[], Activation][]) it(`${sizes.join('-')} ${activation}: power iteration on Hv finds the dense Hessian’s largest eigenvalue within 1%`, async () => {
    const before = be.liveTensors();
    const s = setup(sizes, activation, 11);
    const D = s.theta.length;
    const H = denseHessianByDifferences(s.mlp, s.theta, s.x, s.y);
    // the exact products, column by column, give the same matrix
    const exact = new Float64Array(D * D);
    for (let j = 0; j < D; j++) {
      const e = new Float64Array(D);
      e[j] = 1;
      const col = be.tidy(() => be.view(s.hessian.hvpFlat(be.upload(e, { rows: D, cols: 1 }))).slice());
      for (let i = 0; i < D; i++) exact[i * D + j] = col[i];
    }
    let asym = 0;
    for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) asym = Math.max(asym, Math.abs(exact[i * D + j] - exact[j * D + i]));
    expect(relativeGradientError(exact, H)).toBeLessThan(1e-7);
    expect(asym).toBeLessThan(1e-12);
    const sym = H.map((_, k) => 0.5 * (H[k] + H[(k % D) * D + Math.floor(k / D)]));
    const dense = be.upload(sym, { rows: D, cols: D });
    const { values, vectors } = await eigh(be, dense);
    be.dispose(dense);
    be.dispose(vectors);
    const lambdaMax = values[0];
    const lambdaMin = values[D - 1];
    expect(Math.abs(lambdaMin)).toBeLessThan(lambdaMax);
    const power = await hessianPowerIteration(be, s.hessian, { iterations: 200, rng: new Rng(3) });
    be.dispose(power.vector);
    const rel = Math.abs(power.lambda - lambdaMax) / lambdaMax;
    console.log(`λ_max (${sizes.join('-')} ${activation}, D=${D}): power iteration ${power.lambda.toPrecision(10)} (200 Hv), dense eigh ${lambdaMax.toPrecision(10)}, relative gap ${rel.toExponential(2)}; λ_2 ${values[1].toPrecision(4)}, λ_min ${lambdaMin.toPrecision(4)}`);
    expect(rel).toBeLessThan(0.01);
    s.dispose();
    expect(be.liveTensors()).toBe(before);
  }, 120_000);
});
