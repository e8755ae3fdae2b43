// Tucker products on the backend: mode-n products of a row-major N-way tensor, and their gradients, from batched matmuls.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../gatherKernels';

const product = (dims: readonly number[], from: number, to: number) => dims.slice(from, to).reduce((a, d) => a * d, 1);

/** The (A, d_n, C) view of an N-way tensor of `dims` around mode n: A = Π dims before n, C = Π dims after. */
function modeView(be: Backend, X: Tensor, dims: readonly number[], n: number): Tensor {
  return reshape(be, X, { batch: product(dims, 0, n), rows: dims[n], cols: product(dims, n + 1, dims.length) });
}

/**
 * Y = X ×ₙ U: Y[…, j, …] = Σ_k U[j, k]·X[…, k, …] for U (J × dims[n]).
 * @returns Y as (A, J, C), A and C as in modeView (flat order is Y's row-major order)
 */
export function modeProduct(be: Backend, X: Tensor, dims: readonly number[], n: number, U: Tensor): Tensor {
  if (U.cols !== dims[n]) throw new RangeError(`modeProduct: U is ${U.rows}×${U.cols} but mode ${n} has size ${dims[n]}`);
  return be.matmul(U, modeView(be, X, dims, n));
}

/**
 * Gradients of Y = X ×ₙ U from ∂L/∂Y: ∂X = ∂Y ×ₙ Uᵀ (returned as (A, dims[n], C)) and ∂U = Σ_a ∂Y_a·X_aᵀ (J × dims[n]).
 */
export function modeProductBackward(be: Backend, X: Tensor, dims: readonly number[], n: number, U: Tensor, dY: Tensor): { dX: Tensor; dU: Tensor } {
  const A = product(dims, 0, n);
  const C = product(dims, n + 1, dims.length);
  const J = U.rows;
  const dY3 = reshape(be, dY, { batch: A, rows: J, cols: C });
  const perBatch = be.matmul(dY3, modeView(be, X, dims, n), { transB: true }); // (A, J, dims[n])
  const dU = reshape(be, be.reduce('sum', reshape(be, perBatch, { rows: A, cols: J * dims[n] }), 'perCol'), { rows: J, cols: dims[n] });
  return { dX: be.matmul(U, dY3, { transA: true }), dU };
}

/**
 * T = G ×₀ U₀ ×₁ U₁ ⋯ ×_{N−1} U_{N−1}, flattened row-major as (d₀, d₁·…·d_{N−1}), and every intermediate
 * (intermediates[i] is the tensor before the i-th product, with dims dimsBefore[i]).
 * @param G the core, any shape holding Π ranks entries in row-major order; U_i (d_i × r_i)
 */
export function tuckerProduct(be: Backend, G: Tensor, factors: readonly Tensor[]): { T: Tensor; intermediates: Tensor[]; dimsBefore: number[][] } {
  let dims = factors.map((u) => u.cols);
  let X = G;
  const intermediates: Tensor[] = [];
  const dimsBefore: number[][] = [];
  factors.forEach((U, n) => {
    intermediates.push(X);
    dimsBefore.push(dims);
    X = modeProduct(be, X, dims, n, U);
    dims = dims.map((d, i) => (i === n ? U.rows : d));
  });
  return { T: reshape(be, X, { rows: dims[0], cols: product(dims, 1, dims.length) }), intermediates, dimsBefore };
}

/** ∂L/∂G (as G's shape) and ∂L/∂U_i from ∂L/∂T, T = tuckerProduct(G, factors). */
export function tuckerBackward(be: Backend, G: Tensor, factors: readonly Tensor[], dT: Tensor): { dG: Tensor; dFactors: Tensor[] } {
  const { intermediates, dimsBefore } = tuckerProduct(be, G, factors);
  const dFactors: Tensor[] = new Array(factors.length);
  let d = dT;
  for (let n = factors.length - 1; n >= 0; n--) {
    const g = modeProductBackward(be, intermediates[n], dimsBefore[n], n, factors[n], d);
    dFactors[n] = g.dU;
    d = g.dX;
  }
  return { dG: reshape(be, d, G), dFactors };
}
