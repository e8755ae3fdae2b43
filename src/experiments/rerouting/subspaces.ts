// The refusal and acceptance subspaces: top-k right singular vectors of each class's hidden states, on the backend.
import type { Backend, Tensor } from '../../engine/backend';
import { gatherRows } from '../../learn/gatherKernels';
import { svd } from '../../linalg/svd';
import { trainHiddenProbe } from './probe';

/** Two class subspaces of the hidden space and the anchor the rerouting objective pulls towards (all kept on the device). */
export type RerouteSubspaces = {
  /** (hidden, k) orthonormal basis of the source ("refusal") class's hidden states. */
  source: Tensor;
  /** (hidden, k) orthonormal basis of the target ("acceptance") class's hidden states. */
  target: Tensor;
  /** (1, k) coordinates of the target class's mean hidden state in the source basis: μ_tᵀU_s. */
  anchorSource: Tensor;
  /** (1, k) the same in the target basis: μ_tᵀU_t. */
  anchorTarget: Tensor;
  /** A linear probe on hidden states, source (0) vs target (1): [W (2, hidden), b (1, 2)]. */
  probe: Tensor[];
  /** Its accuracy on the training hidden states of the two classes. */
  probeAccuracy: number;
  dispose(): void;
};

/** Rows of `labels` equal to `cls`, as a float index column for gatherRows. */
function rowsOf(labels: Int32Array, cls: number): number[] {
  const rows: number[] = [];
  labels.forEach((c, i) => { if (c === cls) rows.push(i); });
  return rows;
}

/**
 * Hidden states of one class and the top-k right singular vectors of them (uncentered, so the first one is close
 * to the class's mean direction). Signs are arbitrary; everything downstream uses U·Uᵀ or ‖Uᵀh‖ only.
 * @param hidden (n, h) hidden states; labels (n)
 * @returns basis (h, k) and the class's states (n_c, h), both owned by the caller
 */
export async function classSubspace(be: Backend, hidden: Tensor, labels: Int32Array, cls: number, k: number, seed: number): Promise<{ basis: Tensor; states: Tensor }> {
  const rows = rowsOf(labels, cls);
  if (k > hidden.cols) throw new RangeError(`subspace dimension k = ${k} exceeds the hidden width ${hidden.cols}`);
  if (rows.length < k) throw new RangeError(`class ${cls} has ${rows.length} training samples, fewer than k = ${k}`);
  const idx = be.upload(rows, { rows: rows.length, cols: 1 });
  const states = be.keep(gatherRows(be, hidden, idx, 0, rows.length));
  be.dispose(idx);
  try {
    const { U, V } = await svd(be, states, { k, method: 'jacobi', seed });
    be.dispose(U);
    return { basis: V, states };
  } catch (e) {
    be.dispose(states);
    throw e;
  }
}

/**
 * The source and target subspaces from training hidden states, the target mean's coordinates in each, and a linear
 * probe between the two classes (`probeSteps` Adam steps).
 * @param hidden (n, h) hidden states of the training set; labels (n)
 */
export async function rerouteSubspaces(be: Backend, hidden: Tensor, labels: Int32Array, source: number, target: number, k: number, seed: number, probeSteps = 200, signal?: AbortSignal): Promise<RerouteSubspaces> {
  if (source === target) throw new RangeError(`source and target digits must differ (both are ${source})`);
  const s = await classSubspace(be, hidden, labels, source, k, seed);
  be.dispose(s.states);
  let t: { basis: Tensor; states: Tensor };
  try {
    t = await classSubspace(be, hidden, labels, target, k, seed);
  } catch (e) {
    be.dispose(s.basis);
    throw e;
  }
  const [anchorSource, anchorTarget] = be.tidy(() => {
    const mean = be.reduce('sum', t.states, 'perCol');
    const mu = be.elementwise('scale', mean, null, 1 / t.states.rows, 0);
    return [be.keep(be.matmul(mu, s.basis)), be.keep(be.matmul(mu, t.basis))];
  });
  be.dispose(t.states);
  const owned = [s.basis, t.basis, anchorSource, anchorTarget];
  let probe: { weights: Tensor[]; accuracy: number };
  try {
    probe = await trainHiddenProbe(be, hidden, labels, source, target, probeSteps, seed, signal);
  } catch (e) {
    for (const x of owned) be.dispose(x);
    throw e;
  }
  return {
    source: s.basis, target: t.basis, anchorSource, anchorTarget, probe: probe.weights, probeAccuracy: probe.accuracy,
    dispose: () => { for (const x of [...owned, ...probe.weights]) be.dispose(x); },
  };
}

/**
 * The orthogonal projector P = U·Uᵀ onto span(U).
 * @param basis (h, k) orthonormal columns
 * @returns (h, h)
 */
export function projector(be: Backend, basis: Tensor): Tensor {
  return be.matmul(basis, basis, { transB: true });
}

/** max |P·P − P| over the entries: 0 up to rounding for an orthogonal projector (the idempotence check). */
export function idempotenceError(be: Backend, basis: Tensor): Tensor {
  return be.tidy(() => {
    const P = projector(be, basis);
    return be.reduce('maxAbs', be.elementwise('add', be.matmul(P, P), P, 1, -1), 'all');
  });
}

/**
 * Per-sample lengths of the hidden states' projections on a subspace, ‖Uᵀh_i‖ = ‖P·h_i‖.
 * @param states (B, h); basis (h, k)
 * @returns (B, 1)
 */
export function projectionLengths(be: Backend, states: Tensor, basis: Tensor): Tensor {
  return be.tidy(() => be.reduce('norm', be.matmul(states, basis), 'perRow'));
}
