// Low-rank fine-tuning of one matrix on the backend: LoRA (BA), a trainable r×r core between fixed factors (LoRA-XS, LoRA-SB), SVFit.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { SvdResult } from '../../linalg/svd';
import { ownedCopy, type WeightAdapter } from './weightAdapter';

const keepUpload = (be: Backend, values: ArrayLike<number>, rows: number, cols: number) => be.keep(be.upload(values, { rows, cols }));

/**
 * LoRA: W = W₀ + B·A, B (m×r) = 0 and A (r×n) ~ U(±1/√n) (nn.Linear's init, as LoRA's kaiming_uniform(a=√5) gives),
 * scale α/r = 1. θ = [B, A]; ∂B = G·Aᵀ, ∂A = Bᵀ·G.
 */
export function loraAdapter(be: Backend, W0: Tensor, r: number, rng: Rng): WeightAdapter {
  const { rows: m, cols: n } = W0;
  if (!(r >= 1 && r <= Math.min(m, n))) throw new RangeError(`LoRA: rank ${r} does not fit a ${m}×${n} weight`);
  const w0 = ownedCopy(be, W0);
  const B = be.keep(be.fill({ rows: m, cols: r }, 0));
  const A = keepUpload(be, Float64Array.from({ length: r * n }, () => (2 * rng.uniform() - 1) / Math.sqrt(n)), r, n);
  return {
    kind: 'lora',
    params: [B, A],
    weight: () => be.elementwise('add', w0, be.matmul(B, A)),
    backward: (G) => [be.matmul(G, A, { transB: true }), be.matmul(B, G, { transA: true })],
    dispose: () => [w0, B, A].forEach((t) => be.dispose(t)),
  };
}

/**
 * W = W₀ + L·R·Mᵀ with L (m×r) and M (n×r) fixed and only R (r×r) trained; ∂R = Lᵀ·G·M.
 * LoRA-XS takes L = U_rΣ_r, M = V_r from W₀'s SVD and a near-zero R; LoRA-SB takes L = U_r, M = V_r from the SVD
 * of the first full fine-tuning update and R = Σ_r, so that L·R·Mᵀ starts as that update's best rank-r approximation.
 */
export function coreAdapter(be: Backend, kind: 'lora-xs' | 'lora-sb', W0: Tensor, L: Tensor, M: Tensor, R0: ArrayLike<number>): WeightAdapter {
  const r = L.cols;
  if (L.rows !== W0.rows || M.rows !== W0.cols || M.cols !== r || R0.length !== r * r) {
    throw new RangeError(`${kind}: factors ${L.rows}×${L.cols}, ${M.rows}×${M.cols} and ${R0.length} core entries do not fit a ${W0.rows}×${W0.cols} weight`);
  }
  const w0 = ownedCopy(be, W0);
  const l = ownedCopy(be, L);
  const m = ownedCopy(be, M);
  const R = keepUpload(be, R0, r, r);
  return {
    kind,
    params: [R],
    weight: () => be.elementwise('add', w0, be.matmul(be.matmul(l, R), m, { transB: true })),
    backward: (G) => [be.matmul(l, be.matmul(G, m), { transA: true })],
    dispose: () => [w0, l, m, R].forEach((t) => be.dispose(t)),
  };
}

/** The first r columns of a (rows×k) tensor, each column j scaled by s[j]: U_r·diag(s). */
export function scaledColumns(be: Backend, U: Tensor, r: number, s?: ArrayLike<number>): Tensor {
  const cols = be.slice(U, 0, 0, U.rows, r);
  return s ? be.elementwise('mul', cols, be.upload(Array.from({ length: r }, (_, j) => s[j]), { rows: 1, cols: r })) : cols;
}

/**
 * SVFit: W = W_res + U_r·diag(σ̃)·V_rᵀ with W_res = W₀ − U_r·diag(σ_r)·V_rᵀ and σ̃ (1×r) = σ_r at init, so W starts at
 * W₀; only σ̃ trains, ∂σ̃_i = u_iᵀ·G·v_i = Σ_rows (U_r ⊙ G·V_r).
 * @param U, V W₀'s singular vectors (at least r columns); S its singular values
 */
export function svfitAdapter(be: Backend, W0: Tensor, U: Tensor, S: ArrayLike<number>, V: Tensor, r: number): WeightAdapter {
  if (!(r >= 1 && r <= Math.min(U.cols, V.cols, S.length))) throw new RangeError(`SVFit: rank ${r} exceeds the ${S.length} singular values given`);
  const u = be.keep(be.tidy(() => scaledColumns(be, U, r)));
  const v = be.keep(be.tidy(() => scaledColumns(be, V, r)));
  const sigma = keepUpload(be, Array.from({ length: r }, (_, j) => S[j]), 1, r);
  const residual = be.keep(be.tidy(() => be.elementwise('add', W0, be.matmul(be.elementwise('mul', u, sigma), v, { transB: true }), 1, -1)));
  return {
    kind: 'svfit',
    params: [sigma],
    weight: () => be.elementwise('add', residual, be.matmul(be.elementwise('mul', u, sigma), v, { transB: true })),
    backward: (G) => [be.reduce('sum', be.elementwise('mul', u, be.matmul(G, v)), 'perCol')],
    dispose: () => [u, v, sigma, residual].forEach((t) => be.dispose(t)),
  };
}

/** The first r singular triplets as LoRA-SB's fixed factors and initial core: L = U_r, M = V_r, R = diag(σ_r). */
export function loraSbAdapter(be: Backend, W0: Tensor, update: SvdResult, r: number): WeightAdapter {
  const R0 = new Float64Array(r * r);
  for (let i = 0; i < r; i++) R0[i * r + i] = update.S[i];
  return be.tidy(() => coreAdapter(be, 'lora-sb', W0, be.slice(update.U, 0, 0, update.U.rows, r), be.slice(update.V, 0, 0, update.V.rows, r), R0));
}

/** LoRA-XS: L = U_rΣ_r and M = V_r from W₀'s own SVD, R (r×r) trains from `R0` (small normals). */
export function loraXsAdapter(be: Backend, W0: Tensor, weight: SvdResult, r: number, R0: ArrayLike<number>): WeightAdapter {
  return be.tidy(() => coreAdapter(be, 'lora-xs', W0, scaledColumns(be, weight.U, r, weight.S), be.slice(weight.V, 0, 0, weight.V.rows, r), R0));
}
