// Sparse and elastic-net self-expression (SSC, EnSC) by ADMM on the backend, then spectral clustering of |C| + |C|ᵀ.
import type { Backend, Tensor } from '../engine/backend';
import { solve } from '../linalg/solve';
import { Scratch } from '../linalg/matrixChecksKernels';
import { symmetrizeAffinity, topKPerLine } from './affinityKernels';
import { admmStep, type AdmmWeights } from './selfExpressionKernels';
import { spectralFromAffinity, type SpectralOptions } from './spectral';
import { identity, normalizeRows } from './tensorOps';

export type SelfExpressionOptions = {
  /** Weight of ‖C‖₁ (default 1). */
  l1?: number;
  /** Weight of ½‖C‖²_F (default 0). */
  l2?: number;
  /** Data weight w on ½‖Y − YC‖²_F; by default alpha/μ with μ = min_j max_{i≠j} |⟨y_i, y_j⟩| (Elhamifar & Vidal). */
  weight?: number;
  /** Scale of the automatic data weight (default 20, SSC's code default). */
  alpha?: number;
  /** ADMM penalty ρ (default alpha, as in SSC's code). */
  rho?: number;
  /** Most ADMM iterations (default 200). */
  maxIter?: number;
  /** Stop when max|Z − C| and max|C − C_prev| are both ≤ tol (default 2e-4). */
  tol?: number;
  /** Iterations between convergence checks, each one small readback (default 10). */
  checkEvery?: number;
  /** Scale samples to unit norm first (default true). */
  normalize?: boolean;
};

export type SelfExpressionHistory = { iteration: number[]; primalResidual: number[]; objective: number[] };

/** Self-expression coefficients and how the solver got there. The caller owns `coefficients`. */
export type SelfExpressionSolution = { coefficients: Tensor; history: SelfExpressionHistory; iterations: number; weight: number };

/**
 * μ = min_j max_{i≠j} |⟨x_i, x_j⟩|: the smallest data weight above which C = 0 stops being optimal is 1/μ.
 * @param gram (n, n) = X·Xᵀ
 */
export async function selfExpressionScale(be: Backend, gram: Tensor): Promise<number> {
  const mu = be.tidy(() => be.reduce('min', be.reduce('max', symmetrizeAffinity(be, gram, { absolute: true, scale: 0.5, zeroDiagonal: true }), 'perCol'), 'all'));
  const v = (await be.read(mu))[0];
  be.dispose(mu);
  return v;
}

/**
 * Solves min_C l1‖C‖₁ + l2/2‖C‖²_F + w/2‖Y − YC‖²_F s.t. diag(C) = 0, with Y = xᵀ (samples as columns) by ADMM
 * (Elhamifar & Vidal, "Sparse Subspace Clustering", 2013, Appendix; You et al. 2016 for the elastic net).
 * The linear step (wG + ρI)⁻¹ uses Woodbury, (1/ρ)(I − X((ρ/w)I + XᵀX)⁻¹Xᵀ), when d < n: one d×d SPD solve up
 * front, then two n×n×d matmuls per iteration; else one n×n SPD solve up front and one n³ matmul per iteration.
 * C[i, j] is the weight of sample i in the expression of sample j.
 * @param x (n, d), samples as rows
 */
export async function selfExpression(be: Backend, x: Tensor, o: SelfExpressionOptions = {}): Promise<SelfExpressionSolution> {
  const { rows: n, cols: d } = x;
  const scratch = new Scratch(be);
  try {
    const y = scratch.track(o.normalize === false ? be.tidy(() => be.slice(x, 0, 0, n, d)) : normalizeRows(be, x));
    const gram = scratch.track(be.matmul(y, y, { transB: true }));
    const alpha = o.alpha ?? 20;
    const weight = o.weight ?? alpha / Math.max(await selfExpressionScale(be, gram), 1e-12);
    const w: AdmmWeights = { rho: o.rho ?? alpha, weight, l1: o.l1 ?? 1, l2: o.l2 ?? 0 };
    const woodbury = d < n;
    // Woodbury: inverseFactor = ((ρ/w)I + YᵀY)⁻¹Yᵀ (d×n); direct: inverseFactor = (wG + ρI)⁻¹ (n×n).
    const system = scratch.track(be.tidy(() => woodbury
      ? be.elementwise('add', be.matmul(y, y, { transA: true }), identity(be, d), 1, w.rho / w.weight)
      : be.elementwise('add', gram, identity(be, n), w.weight, w.rho)));
    const rhsOfSolve = scratch.track(woodbury ? be.transpose(y) : identity(be, n));
    const inverseFactor = scratch.track(await solve(be, system, rhsOfSolve, { assume: 'spd' }));
    let rhs = scratch.track(be.elementwise('scale', gram, null, w.weight, 0));
    const dual = scratch.track(be.fill({ rows: n, cols: n }, 0));
    let coef = scratch.track(be.fill({ rows: n, cols: n }, 0));
    const history: SelfExpressionHistory = { iteration: [], primalResidual: [], objective: [] };
    const maxIter = o.maxIter ?? 200, tol = o.tol ?? 2e-4, checkEvery = Math.max(1, o.checkEvery ?? 10);
    let iterations = 0;
    for (let it = 1; it <= maxIter; it++) {
      const previous = coef;
      const step = be.tidy(() => {
        const linA = woodbury ? rhs : be.matmul(inverseFactor, rhs);
        const linB = woodbury ? be.matmul(y, be.matmul(inverseFactor, rhs)) : null;
        const out = admmStep(be, linA, linB, gram, dual, w);
        const check = it % checkEvery === 0 || it === maxIter;
        return { ...out, stats: check ? convergenceStats(be, y, out.coef, previous, out.gap, w) : null };
      });
      scratch.free(rhs);
      scratch.free(previous);
      rhs = scratch.track(step.rhs);
      coef = scratch.track(step.coef);
      be.dispose(step.gap);
      iterations = it;
      if (!step.stats) continue;
      const [primal, change, objective] = (await Promise.all(step.stats.map((t) => be.read(t)))).map((v) => v[0]);
      for (const t of step.stats) be.dispose(t);
      history.iteration.push(it);
      history.primalResidual.push(primal);
      history.objective.push(objective);
      if (primal <= tol && change <= tol) break;
    }
    return { coefficients: scratch.release(coef), history, iterations, weight };
  } finally {
    scratch.dispose();
  }
}

/** 1×1 tensors: max|Z − C|, max|C − C_prev| and the objective l1‖C‖₁ + l2/2‖C‖² + w/2‖Y − YC‖² (Y − YC is (X − CᵀX)ᵀ). */
function convergenceStats(be: Backend, y: Tensor, coef: Tensor, previous: Tensor, gap: Tensor, w: AdmmWeights): Tensor[] {
  const primal = be.reduce('maxAbs', gap, 'all');
  const change = be.reduce('maxAbs', be.elementwise('add', coef, previous, 1, -1), 'all');
  const residual = be.reduce('sumSquares', be.elementwise('add', y, be.matmul(coef, y, { transA: true }), 1, -1), 'all');
  const l1 = be.reduce('sum', be.elementwise('abs', coef), 'all');
  const l2 = be.reduce('sumSquares', coef, 'all');
  const objective = be.elementwise('add', be.elementwise('add', l1, l2, w.l1, w.l2 / 2), residual, 1, w.weight / 2);
  return [primal, change, objective];
}

export type SelfExpressionClusteringOptions = SelfExpressionOptions & SpectralOptions & {
  /** Keep only the k largest |c_ij| of each column before building the affinity (0 keeps all). */
  topK?: number;
};

/** What the self-expression clusterers return (host arrays; tensors are freed). */
export type SelfExpressionResult = {
  labels: Int32Array;
  /** |C| + |C|ᵀ, n×n row-major, when returnAffinity is not false. */
  affinity?: Float64Array;
  history: SelfExpressionHistory;
  iterations: number;
  /** The data weight used (λ of SSC, γ of EnSC). */
  weight: number;
  eigenvalues: number[];
};

/** |C| + |C|ᵀ, optionally after keeping the top-k coefficients of each column, then spectral clustering. */
export async function clusterCoefficients(be: Backend, coefficients: Tensor, k: number, o: { topK?: number } & SpectralOptions) {
  const n = coefficients.rows;
  const affinity = be.tidy(() => {
    const kept = o.topK && o.topK < n ? topKPerLine(be, coefficients, o.topK, 'largestMagnitude', 'columns') : coefficients;
    return symmetrizeAffinity(be, kept, { absolute: true });
  });
  try {
    return await spectralFromAffinity(be, affinity, k, o);
  } finally {
    be.dispose(affinity);
  }
}

async function solveAndCluster(be: Backend, x: Tensor, k: number, o: SelfExpressionClusteringOptions): Promise<SelfExpressionResult> {
  const solution = await selfExpression(be, x, o);
  try {
    const s = await clusterCoefficients(be, solution.coefficients, k, o);
    return { labels: s.labels, affinity: s.affinity, eigenvalues: s.eigenvalues, history: solution.history, iterations: solution.iterations, weight: solution.weight };
  } finally {
    be.dispose(solution.coefficients);
  }
}

/**
 * Sparse subspace clustering (Elhamifar & Vidal 2013): min ‖C‖₁ + λ/2‖Y − YC‖²_F, diag(C) = 0, by ADMM;
 * λ = alpha/μ unless `weight` is given. @param x (n, d) samples as rows
 */
export function ssc(be: Backend, x: Tensor, k: number, o: SelfExpressionClusteringOptions = {}): Promise<SelfExpressionResult> {
  return solveAndCluster(be, x, k, { ...o, l1: 1, l2: 0 });
}

/**
 * Elastic-net subspace clustering (You, Li, Robinson & Vidal 2016): min λ‖C‖₁ + (1−λ)/2‖C‖²_F + γ/2‖Y − YC‖²_F,
 * diag(C) = 0, by the same ADMM. `mix` is λ (default 0.9); γ = alpha/μ unless `weight` is given.
 * @param x (n, d) samples as rows
 */
export function ensc(be: Backend, x: Tensor, k: number, o: SelfExpressionClusteringOptions & { mix?: number } = {}): Promise<SelfExpressionResult> {
  const mix = o.mix ?? 0.9;
  return solveAndCluster(be, x, k, { ...o, l1: mix, l2: 1 - mix });
}
