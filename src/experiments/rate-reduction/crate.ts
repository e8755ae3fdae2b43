// A CRATE stack on digit tokens: per layer, MSSA (shared U_k for query, key, value) compresses, then an ISTA step sparsifies.
//
// Tokens are rows: a batch of B images with N tokens each is one (B·N, d) tensor, image b in rows [bN, (b+1)N).
// With Z_b the N×d tokens of image b, the column-layout formulas of the CRATE paper read, per head k (U_k: d×p):
//   P_k = Z_b·U_k,  SSA_k = softmax(P_k·P_kᵀ)·P_k (row softmax),  MSSA(Z_b) = Σ_k SSA_k·U_kᵀ,
//   Z½ = (1 − c)·Z + c·MSSA(Z)   (c = κ·p/(Nε²), the paper's compression step),
//   Z⁺ = ReLU(Z½ + η·(Z½ − Z½·Dᵀ)·D − ηλ)   (one ISTA step on λ‖z‖₁ + ½‖z½ − Dz‖², from z = z½, as Ma-Lab-Berkeley/CRATE).
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { randomOrthonormalBasis } from '../../data/synthetic';
import { logdetBatched } from '../../linalg/cholesky';
import { reshape } from '../../learn/gatherKernels';
import { batchSum, rowSums, unitRows } from '../common/matmulSums';

export type CrateOptions = {
  images: number;
  tokens: number;
  heads: number;
  headDim: number;
  /** c = κ·p/(Nε²), the weight of MSSA in Z½. */
  compression: number;
  /** ISTA step size η and sparsity weight λ. */
  eta: number;
  lambda: number;
  /** ε² of the coding rates that are measured. */
  eps2: number;
};

/** One layer's parameters: U (K, d, p) — the K blocks of one random orthogonal d×d matrix, so the subspaces are orthogonal — and the dictionary D (d, d). */
export type CrateLayer = { U: Tensor; D: Tensor };

/** What is measured after each half step: R_c(Z|U) = Σ_k R(U_kᵀZ) and R(Z), averaged over images, and the fraction of exact zeros. */
export type CrateMeasure = { Rc: number; R: number; sparsity: number };

/** Random layer parameters from `rng`: orthogonal U blocks and an orthogonal (complete) dictionary D; kept until disposed. */
export function randomCrateLayer(be: Backend, rng: Rng, o: CrateOptions): CrateLayer {
  const d = o.heads * o.headDim;
  const q = randomOrthonormalBasis(rng, d, d);
  const blocks = new Float64Array(d * d);
  for (let k = 0; k < o.heads; k++) {
    for (let i = 0; i < d; i++) for (let c = 0; c < o.headDim; c++) blocks[k * d * o.headDim + i * o.headDim + c] = q[i * d + k * o.headDim + c];
  }
  return {
    U: be.keep(be.upload(blocks, { batch: o.heads, rows: d, cols: o.headDim })),
    D: be.keep(be.upload(randomOrthonormalBasis(rng, d, d), { rows: d, cols: d })),
  };
}

/** Per-head projections of every image's tokens: (K·B, N, p), item k·B + b = Z_b·U_k. */
function headProjections(be: Backend, z: Tensor, U: Tensor, o: CrateOptions): Tensor {
  const { heads: K, headDim: p, images: B, tokens: N } = o;
  return reshape(be, be.matmul(z, U), { batch: K * B, rows: N, cols: p });
}

/** Row-wise softmax of each batch item, without the max shift: the scores of unit-norm tokens lie in [−1, 1]. */
function softmaxRows(be: Backend, s: Tensor): Tensor {
  const e = be.elementwise('exp', s);
  return be.elementwise('div', e, rowSums(be, e));
}

/** Z½ = (1 − c)Z + c·MSSA(Z). Enqueued. @param z (B·N, d) with unit-norm rows (bounded attention scores) */
export function mssaStep(be: Backend, z: Tensor, layer: CrateLayer, o: CrateOptions): Tensor {
  const { heads: K, images: B, tokens: N, headDim: p } = o;
  const P = headProjections(be, z, layer.U, o);
  const attention = softmaxRows(be, be.matmul(P, P, { transB: true })); // (K·B, N, N)
  const heads = reshape(be, be.matmul(attention, P), { batch: K, rows: B * N, cols: p });
  const back = be.matmul(heads, layer.U, { transB: true }); // (K, B·N, d)
  const mssa = batchSum(be, back);
  return be.elementwise('add', z, mssa, 1 - o.compression, o.compression);
}

/** Z⁺ = ReLU(Z½ + η(Z½ − Z½Dᵀ)D − ηλ), one ISTA step from z = z½. Enqueued. @param z (B·N, d) */
export function istaStep(be: Backend, z: Tensor, layer: CrateLayer, o: CrateOptions): Tensor {
  const residual = be.elementwise('add', z, be.matmul(z, layer.D, { transB: true }), 1, -1);
  const moved = be.elementwise('add', z, be.matmul(residual, layer.D), 1, o.eta);
  return be.elementwise('relu', be.elementwise('scale', moved, null, 1, -o.eta * o.lambda));
}

/** R_c(Z|U), R(Z) and sparsity of the tokens (one readback). @param z (B·N, d) */
export async function measureTokens(be: Backend, z: Tensor, layer: CrateLayer, o: CrateOptions): Promise<CrateMeasure> {
  const { heads: K, headDim: p, images: B, tokens: N } = o;
  const d = K * p;
  const { compressed, whole, nonzeros } = be.tidy(() => {
    const P = headProjections(be, z, layer.U, o);
    const eyeP = be.upload(identityData(p), { rows: p, cols: p });
    const eyeD = be.upload(identityData(d), { rows: d, cols: d });
    const perImage = reshape(be, z, { batch: B, rows: N, cols: d });
    return {
      compressed: be.elementwise('add', be.matmul(P, P, { transA: true }), eyeP, p / (N * o.eps2), 1),
      whole: be.elementwise('add', be.matmul(perImage, perImage, { transA: true }), eyeD, d / (N * o.eps2), 1),
      nonzeros: be.reduce('sum', be.elementwise('sign', be.elementwise('abs', z)), 'all'),
    };
  });
  try {
    const [lc, lw, nz] = await Promise.all([logdetBatched(be, compressed), logdetBatched(be, whole), be.read(nonzeros)]);
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    return { Rc: (0.5 * sum(lc)) / B, R: (0.5 * sum(lw)) / B, sparsity: 1 - nz[0] / (B * N * d) };
  } finally {
    for (const t of [compressed, whole, nonzeros]) be.dispose(t);
  }
}

function identityData(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/**
 * Cuts 8×8 images (row-major, values in [0, 1]) into 16 tokens of 2×2 pixels (4 numbers, row-major inside the patch),
 * tokens in raster order of the 4×4 patch grid. @returns (B·16, 4) row-major
 */
export function patchTokens(images: ArrayLike<number>, count: number): Float64Array {
  const out = new Float64Array(count * 16 * 4);
  for (let b = 0; b < count; b++) {
    for (let t = 0; t < 16; t++) {
      const r0 = 2 * Math.floor(t / 4);
      const c0 = 2 * (t % 4);
      for (let q = 0; q < 4; q++) out[(b * 16 + t) * 4 + q] = images[b * 64 + (r0 + (q >> 1)) * 8 + c0 + (q & 1)];
    }
  }
  return out;
}

/**
 * Embeds tokens: z = patch·E + pos (E: 4×d Gaussian/2, pos: 16×d Gaussian/√d), then scales each token to unit norm.
 * @param patches (B·16, 4) @returns (B·16, d), owned by the caller
 */
export function embedTokens(be: Backend, rng: Rng, patches: Float64Array, images: number, d: number): Tensor {
  const E = rng.normals(4 * d, 0.5);
  const pos = rng.normals(16 * d, 1 / Math.sqrt(d));
  return be.tidy(() => {
    const x = be.upload(patches, { rows: images * 16, cols: 4 });
    const embedded = be.matmul(x, be.upload(E, { rows: 4, cols: d }));
    const positions = be.upload(Float64Array.from({ length: images * 16 * d }, (_, i) => pos[i % (16 * d)]), { rows: images * 16, cols: d });
    return unitRows(be, be.elementwise('add', embedded, positions));
  });
}
