// LOST-style init: the top-r SVD part of W₀ as the trainable low-rank factors, the residual's strongest channels as S.
import type { Backend } from '../engine/backend';
import { svd } from '../linalg/svd';
import type { WeightShape } from './model';
import { SparseLowRankParameterization, type SparseLowRankFactors } from './sparseLowRank';

export type LostOptions = {
  rank: number;
  /** Fraction of input channels (columns of W, which is (out, in)) kept in the sparse part; S has ≈ δ·out·in entries. */
  density?: number;
};

/**
 * For W₀ = U Σ Vᵀ: B = U_r Σ_r^½, A = Σ_r^½ V_rᵀ (so BA is the best rank-r approximation), and S holds the residual
 * W₀ − BA (the tail singular directions) on the ⌈δ·in⌉ input channels where its column norm is largest. On those
 * channels W = BA + S equals W₀ exactly.
 * @param w0 host values of W₀ (out, in), row-major
 */
export async function lostFactors(be: Backend, w0: Float64Array, out: number, inp: number, o: LostOptions): Promise<SparseLowRankFactors> {
  const r = o.rank;
  if (!(r >= 1 && r <= Math.min(out, inp))) throw new RangeError(`lostFactors: rank ${r} does not fit a ${out}×${inp} matrix`);
  const a = be.upload(w0, { rows: out, cols: inp });
  let u: Float64Array, v: Float64Array, sigma: Float64Array;
  try {
    const f = await svd(be, a, { k: r, method: 'jacobi' });
    try {
      [u, v] = await Promise.all([be.read(f.U), be.read(f.V)]);
      sigma = f.S;
    } finally {
      be.dispose(f.U);
      be.dispose(f.V);
    }
  } finally {
    be.dispose(a);
  }
  const B = new Float64Array(out * r);
  const A = new Float64Array(r * inp);
  for (let p = 0; p < r; p++) {
    const root = Math.sqrt(sigma[p]);
    for (let i = 0; i < out; i++) B[i * r + p] = u[i * r + p] * root;
    for (let j = 0; j < inp; j++) A[p * inp + j] = v[j * r + p] * root;
  }
  const residual = new Float64Array(out * inp);
  const columnNorm = new Float64Array(inp);
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < inp; j++) {
      let s = 0;
      for (let p = 0; p < r; p++) s += B[i * r + p] * A[p * inp + j];
      const e = w0[i * inp + j] - s;
      residual[i * inp + j] = e;
      columnNorm[j] += e * e;
    }
  }
  const channels = Math.min(inp, Math.ceil((o.density ?? 0.03) * inp));
  const chosen = Array.from({ length: inp }, (_, j) => j).sort((x, y) => columnNorm[y] - columnNorm[x] || x - y).slice(0, channels).sort((x, y) => x - y);
  const support: number[] = [];
  for (let i = 0; i < out; i++) for (const j of chosen) support.push(i * inp + j);
  return { B, A, support, values: Float64Array.from(support, (idx) => residual[idx]) };
}

/** A SparseLowRankParameterization started from dense weights the LOST way (biases copied, s = 1). */
export async function lostParameterization(be: Backend, shapes: readonly WeightShape[], initial: Float64Array[], o: LostOptions): Promise<SparseLowRankParameterization> {
  const factors: SparseLowRankFactors[] = [];
  const biases: Float64Array[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const s = shapes[i];
    if (s.role === 'matrix') factors.push(await lostFactors(be, initial[i], s.rows, s.cols, o));
    else biases.push(initial[i]);
  }
  return new SparseLowRankParameterization(be, shapes, o.rank, 1, factors, biases);
}
