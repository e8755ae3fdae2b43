// The compression run: one trained layer compressed by rounding/pruning, LoRD, EoRA, CoSpaDi, LR²VQ and 1-D codebooks.
import { Rng } from '../../data/rng';
import type { Progress, RunContext } from '../framework/types';
import type { CompressionConfig } from './schema';
import { mm, tr } from '../lora/adapters';
import { hostEigh, hostSvd } from './hostLinalg';
import { trainedFirstLayer } from './layer';
import { kmeans, ksvd, prune24, round4bit } from './methods';

const RANKS = [1, 2, 4, 8, 16];
/** Bits of a dense float32 number. */
const F32 = 32;

/** Gram XᵀX/N (n×n) of N rows of X (N×n). */
function gram(X: Float64Array, N: number, n: number): Float64Array {
  return mm(tr(X, N, n), X, n, N, n).map((v) => v / N);
}

/** U_r diag(S_r) V_rᵀ. */
function truncate(f: { r: number; U: Float64Array; S: Float64Array; V: Float64Array }, m: number, n: number, r: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let p = 0; p < r; p++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += f.U[i * f.r + p] * f.S[p] * f.V[j * f.r + p];
  return out;
}

export async function* runCompression(config: CompressionConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const total = 4;
  const L = await trainedFirstLayer(ctx, config.hidden, config.trainSteps, config.calibration, config.seed);
  const { W, m, n } = L;
  const ranks = RANKS.filter((r) => r <= Math.min(m, n));
  const Ct = gram(L.Xtest, L.nTest, n);
  const sq = (A: Float64Array, C: Float64Array) => mm(A, C, m, n, n).reduce((s, v, i) => s + v * A[i], 0);
  const ref = Math.sqrt(sq(W, Ct));
  /** ‖(W − Ŵ)X_testᵀ‖_F / ‖W X_testᵀ‖_F on held-out digits. */
  const outputError = (What: Float64Array) => Math.sqrt(Math.max(0, sq(W.map((w, i) => w - What[i]), Ct))) / ref;
  const metrics: Record<string, number | number[]> = { accuracy: L.accuracy, dense_size: F32 * m * n, m, n };
  yield { step: 1, total, metrics: { ...metrics } };

  // the activation-weighted norm: ‖A‖_C² = tr(A C Aᵀ) = ‖A S‖_F², C = XᵀX/N + λ·mean(diag)·I = QΛQᵀ, S = QΛ^½
  const C = gram(L.X, L.nCal, n);
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += C[i * n + i] / n;
  for (let i = 0; i < n; i++) C[i * n + i] += config.damping * meanDiag;
  const { values, Q } = await hostEigh(be, C, n);
  const S = Q.map((q, i) => q * Math.sqrt(Math.max(values[i % n], 0)));
  const Sinv = tr(Q.map((q, i) => q / Math.sqrt(Math.max(values[i % n], 1e-300))), n, n);
  const cNorm2 = (A: Float64Array) => { const AS = mm(A, S, m, n, n); return AS.reduce((s, v) => s + v * v, 0); };

  const base = config.base === 'int4' ? round4bit(W, m, n) : prune24(W);
  const baseSize = config.base === 'int4' ? 4 * m * n + F32 * m : (m * n / 2) * (F32 + 2);
  const dW = W.map((w, i) => w - base[i]);
  const lord = await hostSvd(be, W, m, n);
  const plain = await hostSvd(be, dW, m, n);
  const eoraSvd = await hostSvd(be, mm(dW, S, m, n, n), m, n);
  const total2 = cNorm2(dW);
  let identityGap = 0;
  let eoraMinusSvd = -Infinity;
  const eoraErr: number[] = [], svdErr: number[] = [], eoraCNorm: number[] = [], svdCNorm: number[] = [], theory: number[] = [];
  for (const r of ranks) {
    const Le = mm(truncate(eoraSvd, m, n, r), Sinv, m, n, n);
    const Lp = truncate(plain, m, n, r);
    const ce = cNorm2(dW.map((v, i) => v - Le[i]));
    const cp = cNorm2(dW.map((v, i) => v - Lp[i]));
    const tail = eoraSvd.S.slice(r).reduce((s, v) => s + v * v, 0);
    identityGap = Math.max(identityGap, Math.abs(ce - tail) / total2);
    eoraMinusSvd = Math.max(eoraMinusSvd, (Math.sqrt(ce) - Math.sqrt(cp)) / Math.sqrt(total2));
    eoraCNorm.push(Math.sqrt(ce / total2));
    svdCNorm.push(Math.sqrt(cp / total2));
    theory.push(Math.sqrt(tail / total2));
    eoraErr.push(outputError(base.map((b, i) => b + Le[i])));
    svdErr.push(outputError(base.map((b, i) => b + Lp[i])));
  }
  const factored = ranks.map((r) => F32 * r * (m + n));
  Object.assign(metrics, {
    ranks,
    base_size: baseSize, base_error: outputError(base),
    lord_size: factored, lord_error: ranks.map((r) => outputError(truncate(lord, m, n, r))),
    eora_size: factored.map((s) => s + baseSize), eora_error: eoraErr,
    svd_size: factored.map((s) => s + baseSize), svd_error: svdErr,
    eora_cnorm: eoraCNorm, svd_cnorm: svdCNorm, eora_theory: theory,
    eora_identity_gap: identityGap, eora_minus_svd: eoraMinusSvd,
  });
  yield { step: 2, total, metrics: { ...metrics } };
  if (ctx.signal.aborted) return;

  // 1-D codebook shrinking: k-means of all m·n entries to K levels, log2 K bits each
  const rng = new Rng(config.seed + 5);
  const cbK = [4, 8, 16, 32];
  const cbErr = cbK.map((K) => {
    const { centroids, assign } = kmeans(W, m * n, 1, K, rng);
    return outputError(Float64Array.from(assign, (a) => centroids[a]));
  });
  // LR²VQ: rows of Z = W·V_d (rank-d projection) cut into 2-vectors, k-means codebook, Ŵ = Ẑ·V_dᵀ
  // at most 64 codewords, and at most half as many as there are 2-vectors
  const vqCodewords = (d: number) => Math.min(64, 2 ** Math.floor(Math.log2((m * d) / 4)));
  const dims = [2, 4, 8, 16].filter((d) => d <= Math.min(m, n));
  const vqErr = dims.map((d) => {
    const P = new Float64Array(n * d);
    for (let j = 0; j < n; j++) for (let p = 0; p < d; p++) P[j * d + p] = lord.V[j * lord.r + p];
    const Z = mm(W, P, m, n, d);
    const { centroids, assign } = kmeans(Z, (m * d) / 2, 2, vqCodewords(d), rng);
    const Zq = Float64Array.from({ length: m * d }, (_, i) => centroids[assign[i >> 1] * 2 + (i & 1)]);
    return outputError(mm(Zq, tr(P, n, d), m, d, n));
  });
  Object.assign(metrics, {
    codebook_size: cbK.map((K) => m * n * Math.log2(K) + F32 * K), codebook_error: cbErr,
    lr2vq_size: dims.map((d) => F32 * n * d + F32 * vqCodewords(d) * 2 + ((m * d) / 2) * Math.log2(vqCodewords(d))), lr2vq_error: vqErr,
  });
  yield { step: 3, total, metrics: { ...metrics } };
  if (ctx.signal.aborted) return;

  // CoSpaDi: the whitened W·S (its n columns as signals) ≈ D·C by K-SVD + OMP, then Ŵ = D·C·S⁻¹
  const WS = mm(W, S, m, n, n);
  const settings = [[8, 2], [16, 2], [16, 4], [32, 4]].filter(([K]) => K <= n);
  let ompGrowth = -Infinity;
  const csErr: number[] = [], csSize: number[] = [];
  for (const [K, s] of settings) {
    const { D, C: codes, worstGrowth } = ksvd(WS, m, n, K, s, rng, config.kSvdIters);
    ompGrowth = Math.max(ompGrowth, worstGrowth);
    csErr.push(outputError(mm(mm(D, codes, m, K, n), Sinv, m, n, n)));
    csSize.push(F32 * m * K + n * s * (F32 + Math.ceil(Math.log2(K))));
  }
  Object.assign(metrics, { cospadi_size: csSize, cospadi_error: csErr, omp_worst_growth: ompGrowth });
  yield { step: 4, total, metrics: { ...metrics } };
}
