// ColBERT projection variants (toy analogue): multi-vector retrieval of digits whose tokens are their pixel rows.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { createOptimizer } from '../../learn/optimizers';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import type { Metrics } from '../framework/types';
import type { UploadedDigits } from '../../learn/uploadedDigits';
import { augmentDigits } from '../../data/digitAugment';
import { maxSim, maxSimBackward } from './maxSim';
import { normalizeRows, normalizeRowsBackward } from '../../learn/rowNorm';
import { createProjection, PROJECTION_VARIANTS, VARIANT_LABELS, type ProjectionVariant, type TokenProjection } from './tokenProjections';

/** Tokens per digit (its 8 pixel rows) and token width (8 pixels + a one-hot row position). */
export const TOKENS = 8;
export const TOKEN_WIDTH = 16;

/**
 * Each 8×8 digit as 8 tokens [row pixels, one-hot row index].
 * @param X (n, 64) @returns (n·8, 16)
 */
export function digitTokens(X: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(n * TOKENS * TOKEN_WIDTH);
  for (let i = 0; i < n; i++) for (let r = 0; r < TOKENS; r++) {
    const at = (i * TOKENS + r) * TOKEN_WIDTH;
    for (let c = 0; c < 8; c++) out[at + c] = X[i * 64 + r * 8 + c];
    out[at + 8 + r] = 1;
  }
  return out;
}

/** Projected, L2-normalized token embeddings (ColBERT normalizes every token vector) and the backward through both. */
function embed(be: Backend, p: TokenProjection, tokens: Tensor) {
  const f = p.forward(be, tokens);
  const n = normalizeRows(be, f.out);
  return { unit: n.unit, backward: (dUnit: Tensor) => f.backward(normalizeRowsBackward(be, n.unit, n.norms, dUnit)) };
}

/**
 * NDCG@10 with one relevant document per query (the one it was made from): 1/log₂(1 + rank) when rank ≤ 10.
 * @param scores (q, g) row-major, query i's relevant document is i
 */
export function ndcgAt10(scores: Float64Array, q: number, g: number): number {
  let total = 0;
  for (let i = 0; i < q; i++) {
    const own = scores[i * g + i];
    let rank = 1;
    for (let j = 0; j < g; j++) if (j !== i && scores[i * g + j] >= own) rank++;
    if (rank <= 10) total += 1 / Math.log2(1 + rank);
  }
  return total / q;
}

export type ColbertOptions = { dim: number; steps: number; batch: number; seeds: number; gallery: number; noise: number; seed: number; signal: AbortSignal };

/** Trains one projection by in-batch softmax over MaxSim scores (queries: augmented digits, documents: clean ones). */
async function trainAndScore(be: Backend, d: UploadedDigits, variant: ProjectionVariant, o: ColbertOptions, seed: number, galleryTokens: Tensor, queryTokens: Tensor, g: number): Promise<number> {
  const rng = new Rng(seed);
  const p = createProjection(be, variant, TOKEN_WIDTH, o.dim, rng);
  const adam = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const B = Math.min(o.batch, d.nTrain);
  const labels = be.keep(be.upload(Int32Array.from({ length: B }, (_, i) => i), { rows: B, cols: 1 }));
  try {
    for (let step = 0; step < o.steps; step++) {
      if (o.signal.aborted) return NaN;
      const rows = Int32Array.from({ length: B }, () => rng.int(d.nTrain));
      const queries = digitTokens(augmentDigits(d.trainX, rows, rng, o.noise), B);
      const docs = digitTokens(Float32Array.from({ length: B * 64 }, (_, k) => d.trainX[rows[Math.floor(k / 64)] * 64 + (k % 64)]), B);
      be.tidy(() => {
        const q = embed(be, p, be.upload(queries, { rows: B * TOKENS, cols: TOKEN_WIDTH }));
        const dk = embed(be, p, be.upload(docs, { rows: B * TOKENS, cols: TOKEN_WIDTH }));
        const m = maxSim(be, q.unit, dk.unit, TOKENS);
        const { grad } = softmaxCrossEntropy(be, m.scores, labels);
        const { dQ, dD } = maxSimBackward(be, q.unit, dk.unit, m, grad, TOKENS);
        const gq = q.backward(dQ);
        const gd = dk.backward(dD);
        adam.step(p.params, gq.map((t, i) => be.elementwise('add', t, gd[i])));
      });
    }
    const scores = be.tidy(() => maxSim(be, embed(be, p, queryTokens).unit, embed(be, p, galleryTokens).unit, TOKENS).scores);
    try {
      return ndcgAt10(await be.read(scores), g, g);
    } finally {
      be.dispose(scores);
    }
  } finally {
    for (const t of [...p.params, labels]) be.dispose(t);
    adam.dispose();
  }
}

/**
 * Every projection variant, trained from `seeds` seeds, scored by NDCG@10 on a gallery of test digits whose queries are
 * augmented copies of them. Yields after each variant with the metrics so far.
 */
export async function* colbertVariants(be: Backend, d: UploadedDigits, o: ColbertOptions): AsyncGenerator<Metrics> {
  const g = Math.min(o.gallery, d.nTest);
  const rng = new Rng(o.seed + 13);
  const rows = Int32Array.from({ length: g }, (_, i) => i);
  const galleryTokens = be.keep(be.upload(digitTokens(d.testX, g), { rows: g * TOKENS, cols: TOKEN_WIDTH }));
  const queryTokens = be.keep(be.upload(digitTokens(augmentDigits(d.testX, rows, rng, o.noise), g), { rows: g * TOKENS, cols: TOKEN_WIDTH }));
  const perSeed: number[][] = [];
  try {
    for (const variant of PROJECTION_VARIANTS) {
      const scores: number[] = [];
      for (let s = 0; s < o.seeds; s++) scores.push(await trainAndScore(be, d, variant, o, o.seed + 100 * (s + 1), galleryTokens, queryTokens, g));
      if (o.signal.aborted) return;
      perSeed.push(scores);
      yield {
        colbert_variants: PROJECTION_VARIANTS.slice(0, perSeed.length).map((v) => VARIANT_LABELS[v]),
        ndcg10: perSeed.map(mean),
        ndcg10_std: perSeed.map((v) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)))),
        ndcg10_seeds: perSeed.map((v) => [...v]),
        colbert_gallery: g,
      };
    }
  } finally {
    be.dispose(galleryTokens);
    be.dispose(queryTokens);
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
