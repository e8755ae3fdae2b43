// Merging task vectors on the backend: task arithmetic, TIES (trim, elect sign, disjoint mean) and the masked, per-layer-λ merge.
import type { Backend, Tensor } from '../../engine/backend';
import type { WeightShape } from '../../learn/model';

/**
 * Task arithmetic: θ = θ₀ + λ Σᵢ τᵢ.
 * @param theta0 (1, D); T (k, D), task vector i in row i
 * @returns (1, D)
 */
export function taskArithmetic(be: Backend, theta0: Tensor, T: Tensor, lambda: number): Tensor {
  return be.elementwise('add', theta0, be.reduce('sum', T, 'perCol'), 1, lambda);
}

/**
 * The merge the Concrete method and AdaMerging share: θ = θ₀ + Σᵢ Λᵢ ⊙ m ⊙ τᵢ, with a mask m shared by every task and
 * Λᵢ task i's λ spread over its parameters (expandLambdas). m = 1 and Λ = λ is task arithmetic.
 * @param theta0 (1, D); T (k, D); mask (1, D); lambdaRows (k, D)
 * @returns (1, D)
 */
export function maskedMerge(be: Backend, theta0: Tensor, T: Tensor, mask: Tensor, lambdaRows: Tensor): Tensor {
  return be.elementwise('add', theta0, be.reduce('sum', be.elementwise('mul', be.elementwise('mul', T, mask), lambdaRows), 'perCol'));
}

/**
 * E (S, D): row s is 1 on the parameters of weight tensor s (W₁, b₁, W₂, b₂, … in flat order) and 0 elsewhere, so a
 * (k, S) table of per-layer λ becomes (k, D) rows by one matmul.
 */
export function segmentIndicator(be: Backend, shapes: readonly WeightShape[]): Tensor {
  const D = shapes.reduce((s, w) => s + w.rows * w.cols, 0);
  const E = new Float64Array(shapes.length * D);
  let offset = 0;
  shapes.forEach((w, s) => {
    E.fill(1, s * D + offset, s * D + offset + w.rows * w.cols);
    offset += w.rows * w.cols;
  });
  return be.upload(E, { rows: shapes.length, cols: D });
}

/** Λ (k, D) = λ (k, S) · E (S, D): each task's per-layer λ on every parameter of that layer. */
export function expandLambdas(be: Backend, lambdas: Tensor, E: Tensor): Tensor {
  return be.matmul(lambdas, E);
}

/**
 * Per row, a threshold strictly between the K-th and (K+1)-th largest |τ| (K = round(keep·D), at least 1), so that
 * "|τ| > threshold" keeps exactly K entries of each task vector when magnitudes are distinct.
 * @param absT |T| read to the host, k rows of D
 */
export function trimThresholds(absT: Float64Array, k: number, keep: number): Float64Array {
  const D = absT.length / k;
  const K = Math.min(D, Math.max(1, Math.round(keep * D)));
  return Float64Array.from({ length: k }, (_, i) => {
    const sorted = Array.from(absT.subarray(i * D, (i + 1) * D)).sort((a, b) => b - a);
    return K === D ? -1 : (sorted[K - 1] + sorted[K]) / 2;
  });
}

/**
 * TIES-merging (Yadav et al. 2023): trim each τᵢ to its top entries by magnitude, elect each parameter's sign as the
 * sign of the trimmed sum, average only the trimmed entries that agree with it, θ = θ₀ + λ·merged.
 * @param thresholds (k, 1) from trimThresholds
 * @returns θ (1, D) and the merged vector (1, D)
 */
export function tiesMerge(be: Backend, theta0: Tensor, T: Tensor, thresholds: Tensor, lambda: number): { theta: Tensor; merged: Tensor } {
  const kept = be.elementwise('sign', be.elementwise('relu', be.elementwise('add', be.elementwise('abs', T), thresholds, 1, -1)));
  const trimmed = be.elementwise('mul', T, kept);
  const elected = be.elementwise('sign', be.reduce('sum', trimmed, 'perCol'));
  const agrees = be.elementwise('relu', be.elementwise('sign', be.elementwise('mul', trimmed, elected)));
  const count = be.elementwise('max', be.reduce('sum', agrees, 'perCol'), be.fill({ rows: 1, cols: 1 }, 1));
  const merged = be.elementwise('div', be.reduce('sum', be.elementwise('mul', agrees, trimmed), 'perCol'), count);
  return { theta: be.elementwise('add', theta0, merged, 1, lambda), merged };
}
