// Least squares regression subspace clustering (LSR): closed-form self-expression, and a gradient solver that checks it.
import type { Backend, Tensor } from '../engine/backend';
import { eigh } from '../linalg/eigh';
import { solve } from '../linalg/solve';
import { Scratch } from '../linalg/matrixChecksKernels';
import { clusterCoefficients, type SelfExpressionClusteringOptions } from './selfExpression';
import { diagonalRow, identity, normalizeRows } from './tensorOps';

export type LsrOptions = {
  /** Ridge weight λ in min ‖Y − YC‖²_F + λ‖C‖²_F (default 0.1). */
  lambda?: number;
  /**
   * true (default): the diag(C) = 0 constrained problem (LSR1 of Lu et al. 2012), whose exact solution is
   * C = I − P·diag(P)⁻¹ with P = (G + λI)⁻¹, i.e. c_ij = −p_ij/p_jj off the diagonal.
   * false: the unconstrained LSR2, C = (G + λI)⁻¹G = I − λP.
   */
  zeroDiagonal?: boolean;
  /** Scale samples to unit norm first (default true). */
  normalize?: boolean;
};

/** Samples scaled per the options, and P = (G + λI)⁻¹ with G = Y·Yᵀ (Woodbury when d < n). The caller owns both. */
async function ridgeInverse(be: Backend, x: Tensor, lambda: number, normalize: boolean): Promise<{ y: Tensor; inverse: Tensor }> {
  const { rows: n, cols: d } = x;
  const scratch = new Scratch(be);
  try {
    const y = scratch.track(normalize ? normalizeRows(be, x) : be.tidy(() => be.slice(x, 0, 0, n, d)));
    let inverse: Tensor;
    if (d < n) {
      // (YYᵀ + λI)⁻¹ = (1/λ)(I − Y(λI + YᵀY)⁻¹Yᵀ)
      const system = scratch.track(be.tidy(() => be.elementwise('add', be.matmul(y, y, { transA: true }), identity(be, d), 1, lambda)));
      const yt = scratch.track(be.transpose(y));
      const factor = scratch.track(await solve(be, system, yt, { assume: 'spd' }));
      inverse = be.tidy(() => be.elementwise('add', identity(be, n), be.matmul(y, factor), 1 / lambda, -1 / lambda));
    } else {
      const system = scratch.track(be.tidy(() => be.elementwise('add', be.matmul(y, y, { transB: true }), identity(be, n), 1, lambda)));
      const eye = scratch.track(identity(be, n));
      inverse = await solve(be, system, eye, { assume: 'spd' });
    }
    return { y: scratch.release(y), inverse: be.keep(inverse) };
  } finally {
    scratch.dispose();
  }
}

/**
 * LSR coefficients in closed form (Lu, Min, Zhao, Zhu, Huang & Yan, "Robust and Efficient Subspace Segmentation
 * via Least Squares Regression", ECCV 2012). Y = xᵀ holds samples as columns; C[i, j] weighs sample i in sample j.
 * @param x (n, d) @returns C (n, n); the caller owns it
 */
export async function lsrCoefficients(be: Backend, x: Tensor, o: LsrOptions = {}): Promise<Tensor> {
  const lambda = o.lambda ?? 0.1;
  const { y, inverse } = await ridgeInverse(be, x, lambda, o.normalize !== false);
  try {
    const n = x.rows;
    return be.tidy(() => (o.zeroDiagonal === false
      ? be.elementwise('add', identity(be, n), inverse, 1, -lambda)
      // x/x is exactly 1 in IEEE arithmetic, so the diagonal comes out exactly 0.
      : be.elementwise('add', identity(be, n), be.elementwise('div', inverse, diagonalRow(be, inverse)), 1, -1)));
  } finally {
    be.dispose(y);
    be.dispose(inverse);
  }
}

/**
 * The same problem by (projected) gradient descent with Nesterov momentum, as an independent check of the closed
 * form: f(C) = ‖Y − YC‖²_F + λ‖C‖²_F, ∇f = 2(GC − G + λC), step 1/L with L = 2(‖G‖₂ + λ), diag(C) projected to 0
 * when zeroDiagonal. ‖G‖₂ = the largest eigenvalue of YᵀY (d×d, by eigh).
 * @param x (n, d) @returns C (n, n) (caller owns it) and f after each `recordEvery` iterations
 */
export async function lsrGradientDescent(
  be: Backend, x: Tensor, o: LsrOptions & { iterations?: number; recordEvery?: number } = {},
): Promise<{ coefficients: Tensor; objective: number[] }> {
  const lambda = o.lambda ?? 0.1;
  const { rows: n } = x;
  const scratch = new Scratch(be);
  try {
    const y = scratch.track(o.normalize === false ? be.tidy(() => be.slice(x, 0, 0, n, x.cols)) : normalizeRows(be, x));
    const small = scratch.track(be.matmul(y, y, { transA: true }));
    const top = await eigh(be, small);
    be.dispose(top.vectors);
    const lipschitz = 2 * (top.values[0] + lambda);
    const mu = 2 * lambda;
    const momentum = (Math.sqrt(lipschitz / mu) - 1) / (Math.sqrt(lipschitz / mu) + 1);
    const gram = scratch.track(be.matmul(y, y, { transB: true }));
    const mask = scratch.track(be.tidy(() => (o.zeroDiagonal === false
      ? be.fill({ rows: n, cols: n }, 1)
      : be.elementwise('add', be.fill({ rows: n, cols: n }, 1), identity(be, n), 1, -1))));
    let c = scratch.track(be.fill({ rows: n, cols: n }, 0));
    let previous = scratch.track(be.fill({ rows: n, cols: n }, 0));
    const objective: number[] = [];
    const iterations = o.iterations ?? 500, recordEvery = o.recordEvery ?? 50;
    for (let it = 1; it <= iterations; it++) {
      const next = be.tidy(() => {
        const v = be.elementwise('add', c, be.elementwise('add', c, previous, 1, -1), 1, momentum);
        const gradient = be.elementwise('add', be.matmul(gram, v), be.elementwise('add', gram, v, -1, lambda), 2, 2);
        return be.elementwise('mul', be.elementwise('add', v, gradient, 1, -1 / lipschitz), mask);
      });
      scratch.free(previous);
      previous = c;
      c = scratch.track(next);
      if (it % recordEvery === 0 || it === iterations) objective.push(await lsrObjective(be, y, c, lambda));
    }
    return { coefficients: scratch.release(c), objective };
  } finally {
    scratch.dispose();
  }
}

/** f(C) = ‖Y − YC‖²_F + λ‖C‖²_F for y (n, d) with samples as rows (Y − YC = (y − Cᵀy)ᵀ). */
export async function lsrObjective(be: Backend, y: Tensor, c: Tensor, lambda: number): Promise<number> {
  const f = be.tidy(() => be.elementwise('add',
    be.reduce('sumSquares', be.elementwise('add', y, be.matmul(c, y, { transA: true }), 1, -1), 'all'),
    be.reduce('sumSquares', c, 'all'), 1, lambda));
  const v = (await be.read(f))[0];
  be.dispose(f);
  return v;
}

export type LsrResult = { labels: Int32Array; affinity?: Float64Array; eigenvalues: number[]; lambda: number };

/**
 * LSR subspace clustering: closed-form coefficients (see lsrCoefficients), affinity |C| + |C|ᵀ (optionally top-k per
 * column), spectral clustering. @param x (n, d) samples as rows
 */
export async function lsr(be: Backend, x: Tensor, k: number, o: LsrOptions & SelfExpressionClusteringOptions = {}): Promise<LsrResult> {
  const coefficients = await lsrCoefficients(be, x, o);
  try {
    const s = await clusterCoefficients(be, coefficients, k, o);
    return { labels: s.labels, affinity: s.affinity, eigenvalues: s.eigenvalues, lambda: o.lambda ?? 0.1 };
  } finally {
    be.dispose(coefficients);
  }
}
