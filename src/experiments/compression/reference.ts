// Float64 host references of the compression stages (whitening, compensation, codebooks, CoSpaDi) for the tests.
import type { Backend } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { hostEigh, hostSvd } from './hostLinalg';
import { gram, mm, sumSquares, tr, truncate } from './hostMatrix';
import { ksvd } from './methods';
import { requireLloydFixedPoint } from './verifyReference';
import { compensationMetrics, type CompensationMetrics } from './compensation';
import { codebookMetrics, type CodebookFit, type FixedCodebookMetrics } from './codebooks';
import { COSPADI_SETTINGS, cospadiSize, type CospadiMetrics } from './cospadi';

/** A layer W (m×n) with held-out inputs Xtest (nTest×n), row-major float64. */
export type HostLayer = { W: Float64Array; m: number; n: number; Xtest: Float64Array; nTest: number };

/** ‖A·X_testᵀ‖_F² on the host. */
export function hostOutputSquare(L: HostLayer, A: Float64Array): number {
  return sumSquares(mm(A, tr(L.Xtest, L.nTest, L.n), L.m, L.n, L.nTest));
}

const minus = (A: Float64Array, B: Float64Array) => A.map((a, i) => a - B[i]);

/** C = XᵀX/N + λ·mean(diag)·I = QΛQᵀ (eigh by the backend, read back), S = QΛ^½, S⁻¹ = Λ^{-½}Qᵀ. */
export async function whiteningReference(be: Backend, X: Float64Array, N: number, n: number, damping: number): Promise<{ S: Float64Array; Sinv: Float64Array }> {
  const C = gram(X, N, n);
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += C[i * n + i] / n;
  for (let i = 0; i < n; i++) C[i * n + i] += damping * meanDiag;
  const { values, Q } = await hostEigh(be, C, n);
  return {
    S: Q.map((q, i) => q * Math.sqrt(Math.max(values[i % n], 0))),
    Sinv: tr(Q.map((q, i) => q / Math.sqrt(Math.max(values[i % n], 1e-300))), n, n),
  };
}

/** EoRA / plain SVD / LoRD by host loops over the backend's SVD factors (read back). */
export async function compensationReference(be: Backend, L: HostLayer, base: Float64Array, S: Float64Array, Sinv: Float64Array, ranks: number[]): Promise<{ metrics: CompensationMetrics; lordV: Float64Array; lordR: number }> {
  const { W, m, n } = L;
  const cNorm2 = (A: Float64Array) => sumSquares(mm(A, S, m, n, n));
  const dW = minus(W, base);
  const lord = await hostSvd(be, W, m, n);
  const plain = await hostSvd(be, dW, m, n);
  const eora = await hostSvd(be, mm(dW, S, m, n, n), m, n);
  const errE = ranks.map((r) => minus(dW, mm(truncate(eora, m, n, r), Sinv, m, n, n)));
  const errP = ranks.map((r) => minus(dW, truncate(plain, m, n, r)));
  const metrics = compensationMetrics({
    ce: errE.map(cNorm2), cp: errP.map(cNorm2), total: cNorm2(dW), sigma: eora.S, ranks,
    ref: hostOutputSquare(L, W), base: hostOutputSquare(L, dW),
    lord: ranks.map((r) => hostOutputSquare(L, minus(W, truncate(lord, m, n, r)))),
    eora: errE.map((E) => hostOutputSquare(L, E)), svd: errP.map((E) => hostOutputSquare(L, E)),
  });
  return { metrics, lordV: lord.V, lordR: lord.r };
}

/**
 * The codebook errors of given k-means fits, reconstructed on the host (Ŵ from levels; Ŵ = Ẑ·V_dᵀ for LR²VQ). The fits
 * come from the code under test, so each is first required to be a Lloyd fixed point on the host's own data.
 */
export function codebookReference(L: HostLayer, lordV: Float64Array, lordR: number, dims: number[], fits: { codebook: CodebookFit[]; lr2vq: CodebookFit[] }): FixedCodebookMetrics {
  const { W, m, n } = L;
  fits.codebook.forEach((f) => requireLloydFixedPoint(W, f));
  const cb = fits.codebook.map((f) => hostOutputSquare(L, minus(W, Float64Array.from(f.labels, (a) => f.centroids[a]))));
  const vq = dims.map((d, i) => {
    const f = fits.lr2vq[i];
    const P = new Float64Array(n * d);
    for (let j = 0; j < n; j++) for (let p = 0; p < d; p++) P[j * d + p] = lordV[j * lordR + p];
    // the 2-vectors LR²VQ clusters: rows of Z = W·V_d, cut in pairs (row-major Z read two at a time)
    requireLloydFixedPoint(mm(W, P, m, n, d), f);
    const Zq = Float64Array.from({ length: m * d }, (_, e) => f.centroids[f.labels[e >> 1] * 2 + (e & 1)]);
    return hostOutputSquare(L, minus(W, mm(Zq, tr(P, n, d), m, d, n)));
  });
  return codebookMetrics(m, n, dims, cb, vq, hostOutputSquare(L, W));
}

/** CoSpaDi by the host K-SVD/OMP of methods.ts on W·S, Ŵ = D·C·S⁻¹. */
export function cospadiReference(L: HostLayer, S: Float64Array, Sinv: Float64Array, rng: Rng, iters: number): CospadiMetrics {
  const { W, m, n } = L;
  const WS = mm(W, S, m, n, n);
  const settings = COSPADI_SETTINGS.filter(([K]) => K <= n);
  let worstGrowth = -Infinity;
  const ref = hostOutputSquare(L, W);
  const errors = settings.map(([K, s]) => {
    const { D, C, worstGrowth: g } = ksvd(WS, m, n, K, s, rng, iters);
    worstGrowth = Math.max(worstGrowth, g);
    return Math.sqrt(Math.max(0, hostOutputSquare(L, minus(W, mm(mm(D, C, m, K, n), Sinv, m, n, n))))) / Math.sqrt(ref);
  });
  return { cospadi_size: settings.map(([K, s]) => cospadiSize(m, n, K, s)), cospadi_error: errors, omp_worst_growth: worstGrowth };
}
