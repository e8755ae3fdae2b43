// ΔR = R − R_c and its gradient with respect to the features, enqueued on the backend (batched Cholesky, no readback).
//
// Conventions (as src/cluster/mcr2.ts): samples are ROWS, z is (n, d), so the formula's ZZᵀ is zᵀz; `eps2` is ε²
// (ryanchankh/mcr2's `eps`); logs are natural. With α = d/(nε²), A₀ = I + α·zᵀz and A_j = I + d/(t_jε²)·zᵀdiag(π_j)z:
//   R = ½ logdet A₀,   R_c = Σ_j (t_j/2n) logdet A_j,
//   ∂R/∂z = α·z·A₀⁻¹  (∂logdet(I + α zᵀz)/∂z = 2α·z·(I + α zᵀz)⁻¹),   ∂R_c/∂z = α·Σ_j diag(π_j)·z·A_j⁻¹.
import type { Backend, Tensor } from '../../engine/backend';
import { choleskyFactor } from '../../linalg/choleskyKernels';
import { substitute } from '../../linalg/solveKernels';
import { stackRows } from '../../cluster/tensorOps';
import { batchSum, rowSums } from '../common/matmulSums';

/** The constants of one membership Π (n×m) at one ε²; the tensors are kept out of any tidy until dispose(). */
export type RateSystem = {
  n: number;
  d: number;
  /** m, the number of groups (columns of Π); 0 means R alone. */
  groups: number;
  eps2: number;
  /** t_j = tr Π_j, the size of each group. */
  traces: Float64Array;
  /** (m+1, n, 1): [1; π_1; …; π_m], the row weights of each scatter matrix. */
  rowWeights: Tensor;
  /** (m+1, n, 1): [1; −π_1; …; −π_m], the signs and weights of the gradient terms. */
  gradWeights: Tensor;
  /** (m+1, 1, 1): [d/(nε²); d/(t_1ε²); …] (0 for an empty group). */
  scales: Tensor;
  /** (m+1, d, d) identities: the right-hand sides that turn the Cholesky factors into inverses. */
  eye: Tensor;
  dispose(): void;
};

/**
 * Builds the constants for a membership given on the host.
 * @param membership (n×m row-major) non-negative weights; one-hot rows for labels, a doubly stochastic Π for MLC
 */
export function rateSystem(be: Backend, membership: ArrayLike<number>, n: number, m: number, d: number, eps2: number): RateSystem {
  if (membership.length !== n * m) throw new RangeError(`rateSystem: ${membership.length} membership weights for ${n}×${m}`);
  const traces = new Float64Array(m);
  const rows = new Float64Array((m + 1) * n);
  const signed = new Float64Array((m + 1) * n);
  for (let i = 0; i < n; i++) {
    rows[i] = 1;
    signed[i] = 1;
    for (let j = 0; j < m; j++) {
      const w = membership[i * m + j];
      traces[j] += w;
      rows[(j + 1) * n + i] = w;
      signed[(j + 1) * n + i] = -w;
    }
  }
  const scales = [d / (n * eps2), ...Array.from(traces, (t) => (t > 0 ? d / (t * eps2) : 0))];
  const eye = new Float64Array((m + 1) * d * d);
  for (let b = 0; b <= m; b++) for (let i = 0; i < d; i++) eye[b * d * d + i * d + i] = 1;
  const owned = [
    be.keep(be.upload(rows, { batch: m + 1, rows: n, cols: 1 })),
    be.keep(be.upload(signed, { batch: m + 1, rows: n, cols: 1 })),
    be.keep(be.upload(scales, { batch: m + 1, rows: 1, cols: 1 })),
    be.keep(be.upload(eye, { batch: m + 1, rows: d, cols: d })),
  ];
  return {
    n, d, groups: m, eps2, traces,
    rowWeights: owned[0], gradWeights: owned[1], scales: owned[2], eye: owned[3],
    dispose: () => owned.forEach((t) => be.dispose(t)),
  };
}

/**
 * ∂ΔR/∂z and the m+1 log-determinants [logdet A₀, logdet A₁, …], all enqueued (call inside a tidy).
 * @param z (n, d) features, samples as rows
 * @returns grad (n, d); logdets (m+1, 1, 1) — turn them into R, R_c, ΔR with ratesFromLogdets
 */
export function rateReductionGradient(be: Backend, z: Tensor, s: RateSystem): { grad: Tensor; logdets: Tensor } {
  const { n, d, groups: m } = s;
  if (z.rows !== n || z.cols !== d || z.batch !== 1) throw new RangeError(`rateReductionGradient: z is ${z.batch}×${z.rows}×${z.cols}, expected ${n}×${d}`);
  const copies = stackRows(be, Array.from({ length: m + 1 }, () => z), { batch: m + 1, rows: n, cols: d });
  // scatter_b = zᵀ·diag(w_b)·z, all m+1 at once: (m+1, d, d)
  const scatters = be.matmul(be.elementwise('mul', copies, s.rowWeights), z, { transA: true });
  const systems = be.elementwise('add', be.elementwise('mul', scatters, s.scales), s.eye);
  const { factor, pivots } = choleskyFactor(be, systems);
  const logdets = rowSums(be, be.elementwise('log', pivots)); // (m+1, 1, 1)
  // A⁻¹ from L·Lᵀ: forward substitution on I, then back substitution with Lᵀ
  const inverses = substitute(be, factor, substitute(be, factor, s.eye, true, false), false, true);
  const terms = be.elementwise('mul', be.matmul(z, inverses), s.gradWeights); // (m+1, n, d): ±diag(π_b)·z·A_b⁻¹
  const grad = be.elementwise('scale', batchSum(be, terms), null, d / (n * s.eps2), 0);
  return { grad, logdets };
}

/** R, R_c and ΔR from the log-determinants rateReductionGradient enqueued (read back). */
export function ratesFromLogdets(s: RateSystem, logdets: ArrayLike<number>): { R: number; Rc: number; deltaR: number; perGroup: number[] } {
  const R = 0.5 * logdets[0];
  const perGroup = Array.from(s.traces, (t, j) => (t > 0 ? (t / (2 * s.n)) * logdets[j + 1] : 0));
  const Rc = perGroup.reduce((a, b) => a + b, 0);
  return { R, Rc, deltaR: R - Rc, perGroup };
}

/** One-hot membership rows (n×k, row-major) of labels in 0..k−1. */
export function oneHotRows(labels: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return out;
}
