// Convergent Learning (Li et al. 2016): do two digits MLPs trained from different seeds learn the same hidden units?
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { activationForward, linearForward } from '../../learn/layers';
import { hungarian } from '../../cluster/metrics';
import { linearCka, principalAngles, principalCosines, spanBasis, centerColumns, unitCorrelations } from '../../linalg/similarity';
import type { Metrics } from '../framework/types';
import type { UploadedDigits } from '../../learn/uploadedDigits';

const DEGREES = 180 / Math.PI;

/** Hidden ReLU activations relu(X·W1ᵀ + b1): (n, hidden). */
export function hiddenUnits(be: Backend, X: Tensor, W1: Tensor, b1: Tensor): Tensor {
  return be.tidy(() => activationForward(be, linearForward(be, X, W1, b1), 'relu'));
}

/** How units of A (rows of C) map to units of B (columns): one-to-one by Hungarian (max Σ corr), and semi-matching. */
export type UnitMatching = { oneToOne: Int32Array; semi: Int32Array; matched: number[]; semiMatched: number[] };

/**
 * @param C (p × q, p ≤ q) row-major correlations @returns the bipartite matching maximizing the summed correlation,
 * each unit's best partner (semi-matching, partners may repeat) and the correlations each attains
 */
export function matchUnits(C: ArrayLike<number>, p: number, q: number): UnitMatching {
  const oneToOne = hungarian(Array.from(C, (c) => -c), p, q);
  const semi = new Int32Array(p);
  for (let i = 0; i < p; i++) for (let j = 1; j < q; j++) if (C[i * q + j] > C[i * q + semi[i]]) semi[i] = j;
  return { oneToOne, semi, matched: Array.from(oneToOne, (j, i) => C[i * q + j]), semiMatched: Array.from(semi, (j, i) => C[i * q + j]) };
}

/**
 * The permutation check: net A against its own copy with hidden units permuted by π (hP[:, j] = hA[:, π[j]]).
 * @param X (n, in) inputs; W1 (hidden, in), b1 (1, hidden) net A's first layer; rng draws π
 * @returns the fraction of live units the matching sends to their true partner (1 = recovered exactly), the
 * correlations of those pairs, CKA of the two, and how many units are dead (constant) on the data
 */
export async function permutedCopyCheck(be: Backend, X: Tensor, W1: Tensor, b1: Tensor, rng: Rng): Promise<{ recovered: number; live: number; dead: number; worstCorrelation: number; cka: number }> {
  const H = W1.rows;
  const pi = Int32Array.from({ length: H }, (_, i) => i);
  rng.shuffle(pi);
  const P = be.upload(Float64Array.from({ length: H * H }, (_, k) => (pi[Math.floor(k / H)] === k % H ? 1 : 0)), { rows: H, cols: H });
  const [hA, hP, C] = be.tidy(() => {
    const hA = hiddenUnits(be, X, W1, b1);
    // the permuted net: W1' = P·W1, b1' = b1·Pᵀ
    const hP = hiddenUnits(be, X, be.matmul(P, W1), be.matmul(b1, P, { transB: true }));
    return [hA, hP, unitCorrelations(be, hA, hP)];
  });
  try {
    const c = await be.read(C);
    const m = matchUnits(c, H, H);
    let live = 0;
    let recovered = 0;
    let worst = 1;
    for (let i = 0; i < H; i++) {
      if (!c.subarray(i * H, (i + 1) * H).some((v) => v !== 0)) continue;
      live++;
      if (pi[m.oneToOne[i]] === i) recovered++;
      worst = Math.min(worst, m.matched[i]);
    }
    return { recovered: live ? recovered / live : 0, live, dead: H - live, worstCorrelation: worst, cka: await linearCka(be, hA, hP) };
  } finally {
    for (const t of [P, hA, hP, C]) be.dispose(t);
  }
}

export type ConvergentOptions = { hidden: number; steps: number; svccaDims: number; seed: number; signal: AbortSignal };

/**
 * Trains two 64→hidden→10 MLPs (seeds s and s+1), compares their hidden layers on the test digits unit by unit
 * (correlations, matching) and as subspaces (SVCCA, linear CKA, principal angles between first-layer filter spans).
 */
export async function convergentLearning(be: Backend, d: UploadedDigits, o: ConvergentOptions): Promise<Metrics> {
  const H = o.hidden;
  const model = new Mlp([d.features, H, d.classes]);
  const nets: Tensor[][] = [];
  const owned: Tensor[] = [];
  try {
    for (const s of [o.seed, o.seed + 1]) nets.push((await trainFromScratch(be, model, d.train, d.test, { steps: o.steps, seed: s, signal: o.signal })).weights);
    if (o.signal.aborted) return {};
    const [[W1a, b1a], [W1b, b1b]] = nets;
    const hA = be.keep(hiddenUnits(be, d.test.X, W1a, b1a));
    const hB = be.keep(hiddenUnits(be, d.test.X, W1b, b1b));
    owned.push(hA, hB);
    const C = be.keep(unitCorrelations(be, hA, hB));
    owned.push(C);
    const c = await be.read(C);
    const m = matchUnits(c, H, H);
    // A's units by matched correlation, B's columns in matched order: the sorted heatmap's diagonal is the matching
    const order = Array.from({ length: H }, (_, i) => i).sort((i, j) => m.matched[j] - m.matched[i]);
    const sortedHeatmap = order.map((i) => order.map((j) => c[i * H + m.oneToOne[j]]));
    const cka = await linearCka(be, hA, hB);
    const keep = Math.min(o.svccaDims, H);
    const basis = async (h: Tensor) => {
      const centered = be.keep(centerColumns(be, h));
      try {
        return await spanBasis(be, centered, keep, 'svcca');
      } finally {
        be.dispose(centered);
      }
    };
    const sa = await basis(hA);
    const sb = await basis(hB);
    const svccaCorrelations = await principalCosines(be, sa.U, sb.U);
    sa.dispose();
    sb.dispose();
    // principal angles between the spans of the first-layer filters (rows of W1, in pixel space), trained and at init
    const filters = (W: Tensor) => (owned.push(be.transpose(W)), owned[owned.length - 1]);
    const angles = (await principalAngles(be, filters(W1a), filters(W1b))).map((t) => t * DEGREES);
    const init = [o.seed, o.seed + 1].map((s) => be.upload(model.initialWeights(new Rng(s))[0], { rows: H, cols: d.features }));
    owned.push(...init);
    const initAngles = (await principalAngles(be, filters(init[0]), filters(init[1]))).map((t) => t * DEGREES);
    const perm = await permutedCopyCheck(be, d.test.X, W1a, b1a, new Rng(o.seed + 7));
    return {
      unit_correlation_sorted: sortedHeatmap,
      matched_correlation: [...m.matched].sort((a, b) => b - a),
      semi_matched_correlation: [...m.semiMatched].sort((a, b) => b - a),
      mean_matched_correlation: mean(m.matched),
      mean_semi_matched_correlation: mean(m.semiMatched),
      semi_matching_distinct: new Set(m.semi).size,
      cka,
      svcca_correlations: svccaCorrelations,
      svcca: mean(svccaCorrelations),
      filter_angles: angles,
      filter_angles_init: initAngles,
      permutation_recovered: perm.recovered,
      permuted_worst_correlation: perm.worstCorrelation,
      permuted_cka: perm.cka,
      dead_units: perm.dead,
    };
  } finally {
    for (const w of nets) for (const t of w) be.dispose(t);
    for (const t of owned) be.dispose(t);
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
