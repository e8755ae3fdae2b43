// Codebook compression on the backend: k-means of W's entries to K levels, and LR²VQ (k-means of 2-vectors of W·V_d).
import type { Backend, Tensor } from '../../engine/backend';
import { kmeans } from '../../cluster/kmeans';
import { gatherRows, reshape } from '../../learn/gatherKernels';
import { outputSquares, relativeErrors } from './outputError';
import { quantizePairs, trainLr2vq, type Lr2vqTraining } from './learnedLr2vq';

/** Bits of a dense float32 number. */
const F32 = 32;
/** Codebook sizes of the 1-D level quantizer. */
export const CODEBOOK_LEVELS = [4, 8, 16, 32];
/** LR²VQ projection ranks d. */
export const LR2VQ_DIMS = [2, 4, 8, 16];

/** LR²VQ codewords for rank d: at most 64, and at most half as many as there are 2-vectors (m·d/2). */
export function vqCodewords(m: number, d: number): number {
  return Math.min(64, 2 ** Math.floor(Math.log2((m * d) / 4)));
}

/** One k-means fit: a label per vector and K centroids of v numbers (row-major). */
export type CodebookFit = { K: number; v: number; labels: Int32Array; centroids: Float64Array };

/** k-means seed, restarts and iterations; `learned` trains each fixed LR²VQ fit further (learnedLr2vq.ts). */
export type CodebookOptions = { seed: number; restarts: number; maxIter: number; learned: Lr2vqTraining };

/** Sizes (bits) and relative output errors of the k-means codebooks and the fixed SVD LR²VQ. */
export type FixedCodebookMetrics = { codebook_size: number[]; codebook_error: number[]; lr2vq_size: number[]; lr2vq_error: number[] };

export type CodebookMetrics = FixedCodebookMetrics & {
  /** The learned LR²VQ at the same d, K and so the same bits as lr2vq_size. */
  lr2vq_learned_error: number[];
  /** Calibration loss tr(E·G·Eᵀ) + β‖A − q(A)‖² per training step, for the largest d. */
  lr2vq_learned_loss: number[];
};

/** Each fitted vector replaced by its centroid (N×v, in the fit's order), gathered on the backend. */
function quantizeRows(be: Backend, fit: CodebookFit): Tensor {
  return be.tidy(() => {
    const centroids = be.upload(fit.centroids, { rows: fit.K, cols: fit.v });
    const labels = be.upload(Float64Array.from(fit.labels), { rows: fit.labels.length, cols: 1 });
    return gatherRows(be, centroids, labels, 0, fit.labels.length);
  });
}

async function fitCodebook(be: Backend, vectors: Tensor, K: number, seed: number, o: CodebookOptions): Promise<CodebookFit> {
  const r = await kmeans(be, vectors, K, { seed, restarts: o.restarts, maxIter: o.maxIter });
  return { K, v: vectors.cols, labels: r.labels, centroids: r.centroids };
}

/**
 * 1-D codebooks (all m·n entries to K levels) and LR²VQ (rows of Z = W·V_d cut into 2-vectors, Ŵ = Ẑ·V_dᵀ),
 * k-means by src/cluster/kmeans, reconstructions and output errors on the backend.
 * @param lordV the right singular vectors of W (n×k, k ≥ the largest d used)
 */
export async function codebooksOn(be: Backend, W: Tensor, lordV: Tensor, G: Tensor, Xtest: Tensor, o: CodebookOptions): Promise<{ metrics: CodebookMetrics; fits: { codebook: CodebookFit[]; lr2vq: CodebookFit[] } }> {
  const { rows: m, cols: n } = W;
  const dims = LR2VQ_DIMS.filter((d) => d <= Math.min(m, n, lordV.cols));
  const codebook: CodebookFit[] = [], lr2vq: CodebookFit[] = [];
  const squares: Tensor[] = [], learnedSquares: Tensor[] = [];
  let learnedLoss: number[] = [];
  try {
    const entries = reshape(be, W, { rows: m * n, cols: 1 });
    try {
      for (const K of CODEBOOK_LEVELS) {
        const fit = await fitCodebook(be, entries, K, o.seed + K, o);
        codebook.push(fit);
        squares.push(be.tidy(() => outputSquares(be, be.elementwise('add', W, reshape(be, quantizeRows(be, fit), { rows: m, cols: n }), 1, -1), Xtest)));
      }
    } finally {
      be.dispose(entries);
    }
    for (const d of dims) {
      const { P, pairs } = be.tidy(() => {
        const proj = be.slice(lordV, 0, 0, n, d);
        return { P: proj, pairs: reshape(be, be.matmul(W, proj), { rows: (m * d) / 2, cols: 2 }) };
      });
      try {
        const fit = await fitCodebook(be, pairs, vqCodewords(m, d), o.seed + 100 + d, o);
        lr2vq.push(fit);
        squares.push(be.tidy(() => {
          const Zq = reshape(be, quantizeRows(be, fit), { rows: m, cols: d });
          return outputSquares(be, be.elementwise('add', W, be.matmul(Zq, P, { transB: true }), 1, -1), Xtest);
        }));
        const trained = await learnedLr2vqOn(be, W, G, P, pairs, fit, o.learned);
        learnedSquares.push(be.tidy(() => outputSquares(be, be.elementwise('add', W, trained.What, 1, -1), Xtest)));
        be.dispose(trained.What);
        learnedLoss = trained.losses;
      } finally {
        be.dispose(P);
        be.dispose(pairs);
      }
    }
    squares.push(outputSquares(be, W, Xtest));
    const read = await Promise.all(squares.map((t) => be.read(t)));
    const values = read.map((v) => v[0]);
    const ref = values.pop()!;
    const learned = await Promise.all(learnedSquares.map((t) => be.read(t)));
    return {
      metrics: {
        ...codebookMetrics(m, n, dims, values.slice(0, CODEBOOK_LEVELS.length), values.slice(CODEBOOK_LEVELS.length), ref),
        lr2vq_learned_error: relativeErrors(learned.map((v) => v[0]), ref),
        lr2vq_learned_loss: learnedLoss,
      },
      fits: { codebook, lr2vq },
    };
  } finally {
    squares.concat(learnedSquares).forEach((t) => be.dispose(t));
  }
}

/**
 * The learned LR²VQ started from a fixed fit: A = W·V_d (its 2-vectors `pairs`), B = V_d, the fit's codebook;
 * trained, then Ŵ = q(A)·Bᵀ with the final codebook. @returns Ŵ (m×n) and the loss per step
 */
export async function learnedLr2vqOn(be: Backend, W: Tensor, G: Tensor, P: Tensor, pairs: Tensor, fit: CodebookFit, o: Lr2vqTraining): Promise<{ What: Tensor; losses: number[] }> {
  const start = {
    A: reshape(be, pairs, { rows: W.rows, cols: P.cols }),
    B: reshape(be, P, { rows: P.rows, cols: P.cols }),
    centroids: be.upload(fit.centroids, { batch: 1, rows: fit.K, cols: 2 }),
  };
  try {
    const trained = await trainLr2vq(be, W, G, start, o);
    const state = trained.state;
    const What = be.tidy(() => {
      const { Aq } = quantizePairs(be, state.A, state.centroids);
      return be.matmul(Aq, state.B, { transB: true });
    });
    return { What, losses: trained.losses };
  } finally {
    [start.A, start.B, start.centroids].forEach((t) => be.dispose(t));
  }
}

/** Stored sizes (bits) and relative output errors from the squared output errors (shared with the reference). */
export function codebookMetrics(m: number, n: number, dims: number[], codebookSq: number[], lr2vqSq: number[], refSq: number): FixedCodebookMetrics {
  return {
    codebook_size: CODEBOOK_LEVELS.map((K) => m * n * Math.log2(K) + F32 * K),
    codebook_error: relativeErrors(codebookSq, refSq),
    lr2vq_size: dims.map((d) => F32 * n * d + F32 * vqCodewords(m, d) * 2 + ((m * d) / 2) * Math.log2(vqCodewords(m, d))),
    lr2vq_error: relativeErrors(lr2vqSq, refSq),
  };
}
