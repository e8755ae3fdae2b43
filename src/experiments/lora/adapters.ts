// Fine-tuning parameterizations of one weight W (m×n, float64 on the host): full, LoRA, LoRA-SB (LoRA-XS form), SVFit.
import type { Rng } from '../../data/rng';

/** A truncated SVD held on the host: U (m×r), S (r), V (n×r), row-major. */
export type HostSvd = { m: number; n: number; r: number; U: Float64Array; S: Float64Array; V: Float64Array };

/** The trainable numbers θ of one layer and how they make W(θ) and pull ∂L/∂W back to ∂L/∂θ. */
export interface Adapter {
  readonly params: Float64Array;
  weight(): Float64Array;
  grad(G: Float64Array): Float64Array;
}

/** C = A·B for row-major A (p×q), B (q×s). */
export function mm(A: Float64Array, B: Float64Array, p: number, q: number, s: number): Float64Array {
  const C = new Float64Array(p * s);
  for (let i = 0; i < p; i++) for (let k = 0; k < q; k++) {
    const a = A[i * q + k];
    if (a !== 0) for (let j = 0; j < s; j++) C[i * s + j] += a * B[k * s + j];
  }
  return C;
}

/** Aᵀ for row-major A (p×q). */
export function tr(A: Float64Array, p: number, q: number): Float64Array {
  const T = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) T[j * p + i] = A[i * q + j];
  return T;
}

/** U_r diag(s) V_rᵀ (m×n) from the first r columns of an SVD. */
export function lowRank(svd: HostSvd, s: ArrayLike<number>, r: number): Float64Array {
  const { m, n, U, V } = svd;
  const out = new Float64Array(m * n);
  for (let p = 0; p < r; p++) for (let i = 0; i < m; i++) {
    const u = U[i * svd.r + p] * s[p];
    for (let j = 0; j < n; j++) out[i * n + j] += u * V[j * svd.r + p];
  }
  return out;
}

/** Full fine-tuning: θ = W. */
export function fullAdapter(W0: Float64Array): Adapter {
  const params = Float64Array.from(W0);
  return { params, weight: () => params, grad: (G) => G };
}

/** LoRA: W = W0 + B·A with B (m×r) = 0 and A (r×n) ~ N(0, 1/n), θ = [B, A]; ∂B = G·Aᵀ, ∂A = Bᵀ·G. */
export function loraAdapter(W0: Float64Array, m: number, n: number, r: number, rng: Rng): Adapter {
  const params = new Float64Array(r * (m + n));
  for (let i = m * r; i < params.length; i++) params[i] = rng.normal() / Math.sqrt(n);
  const B = () => params.subarray(0, m * r);
  const A = () => params.subarray(m * r);
  return {
    params,
    weight: () => mm(B(), A(), m, r, n).map((v, i) => v + W0[i]),
    grad: (G) => {
      const out = new Float64Array(params.length);
      out.set(mm(G, tr(A(), r, n), m, n, r), 0);
      out.set(mm(tr(B(), m, r), G, r, m, n), m * r);
      return out;
    },
  };
}

/**
 * LoRA-SB: W = W0 + B·R·A with B = U_r, A = V_rᵀ fixed from the SVD of the update approximation ΔW₁
 * and R = diag(σ_r) trainable, so B·R·A is ΔW₁'s best rank-r approximation at init; ∂R = Bᵀ·G·Aᵀ.
 */
export function loraSbAdapter(W0: Float64Array, update: HostSvd, r: number): Adapter {
  const { m, n } = update;
  const params = new Float64Array(r * r);
  for (let p = 0; p < r; p++) params[p * r + p] = update.S[p];
  const B = new Float64Array(m * r);
  const At = new Float64Array(n * r);
  for (let i = 0; i < m; i++) for (let p = 0; p < r; p++) B[i * r + p] = update.U[i * update.r + p];
  for (let j = 0; j < n; j++) for (let p = 0; p < r; p++) At[j * r + p] = update.V[j * update.r + p];
  return {
    params,
    weight: () => mm(mm(B, params, m, r, r), tr(At, n, r), m, r, n).map((v, i) => v + W0[i]),
    grad: (G) => mm(mm(tr(B, m, r), G, r, m, n), At, r, n, r),
  };
}

/** SVFit: W = W_res + U_r diag(σ̃) V_rᵀ with W_res = W0 − U_r diag(σ_r) V_rᵀ and σ̃ = σ_r at init; ∂σ̃_i = u_iᵀ·G·v_i. */
export function svfitAdapter(W0: Float64Array, svd: HostSvd, r: number): Adapter {
  const params = Float64Array.from(svd.S.subarray(0, r));
  const top = lowRank(svd, params, r);
  const residual = W0.map((w, i) => w - top[i]);
  const { m, n, U, V } = svd;
  return {
    params,
    weight: () => lowRank(svd, params, r).map((v, i) => v + residual[i]),
    grad: (G) => params.map((_, p) => {
      let s = 0;
      for (let i = 0; i < m; i++) {
        let gv = 0;
        for (let j = 0; j < n; j++) gv += G[i * n + j] * V[j * svd.r + p];
        s += U[i * svd.r + p] * gv;
      }
      return s;
    }),
  };
}

/** Adam (β = 0.9, 0.999, ε = 1e-8) on one flat parameter vector, in place. */
export class HostAdam {
  private m: Float64Array;
  private v: Float64Array;
  private t = 0;
  constructor(private readonly p: Float64Array, private readonly lr: number) {
    this.m = new Float64Array(p.length);
    this.v = new Float64Array(p.length);
  }
  /** The update this step applies (also applied to p). */
  step(g: Float64Array): Float64Array {
    this.t++;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    const d = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) {
      this.m[i] = 0.9 * this.m[i] + 0.1 * g[i];
      this.v[i] = 0.999 * this.v[i] + 0.001 * g[i] * g[i];
      d[i] = (-this.lr * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + 1e-8);
      this.p[i] += d[i];
    }
    return d;
  }
}
