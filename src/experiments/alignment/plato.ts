// Escaping Plato's Cave (toy): align two separately trained encoders of two digit views after training.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { uploadDataset } from '../../learn/trainer';
import { fitCca, procrustes, centerColumns } from '../../linalg/similarity';
import { svd } from '../../linalg/svd';
import type { Metrics } from '../framework/types';
import type { UploadedDigits } from '../../learn/uploadedDigits';
import { hiddenUnits } from './convergent';
import { mutualKnn, retrievalAccuracy } from './retrieval';

/**
 * The second view: 2×2 average pooling (8×8 → 4×4) plus fixed Gaussian pixel noise.
 * @param X (n, 64) @returns (n, 16)
 */
export function pooledNoisyView(X: ArrayLike<number>, n: number, noise: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * 16);
  for (let i = 0; i < n; i++) for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) {
    const at = (dr: number, dc: number) => X[i * 64 + (2 * r + dr) * 8 + 2 * c + dc];
    out[i * 16 + r * 4 + c] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4 + noise * rng.normal();
  }
  return out;
}

export type PlatoOptions = { hidden: number; steps: number; ks: number[]; knn: number; noise: number; seed: number; signal: AbortSignal };

/**
 * Encoder A sees the image, encoder B the pooled noisy view; each is a 64→h→10 (16→h→10) MLP trained alone.
 * Alignment is fitted on the training pairs and judged on test pairs by top-1 cross-view retrieval:
 * Procrustes on the full centered features vs CCA and PLS projections onto k dimensions first.
 */
export async function platoAlignment(be: Backend, d: UploadedDigits, o: PlatoOptions): Promise<Metrics> {
  const H = o.hidden;
  const rng = new Rng(o.seed + 11);
  const viewTrain = uploadDataset(be, pooledNoisyView(d.trainX, d.nTrain, o.noise, rng), d.trainY, 16);
  const viewTest = uploadDataset(be, pooledNoisyView(d.testX, d.nTest, o.noise, rng), d.testY, 16);
  const owned: Tensor[] = [];
  const own = (t: Tensor) => (owned.push(be.keep(t)), t);
  try {
    const a = await trainFromScratch(be, new Mlp([64, H, d.classes]), d.train, d.test, { steps: o.steps, seed: o.seed + 2, signal: o.signal });
    a.weights.forEach(own);
    const b = await trainFromScratch(be, new Mlp([16, H, d.classes]), viewTrain, viewTest, { steps: o.steps, seed: o.seed + 3, signal: o.signal });
    b.weights.forEach(own);
    if (o.signal.aborted) return {};
    const fa = { train: own(hiddenUnits(be, d.train.X, a.weights[0], a.weights[1])), test: own(hiddenUnits(be, d.test.X, a.weights[0], a.weights[1])) };
    const fb = { train: own(hiddenUnits(be, viewTrain.X, b.weights[0], b.weights[1])), test: own(hiddenUnits(be, viewTest.X, b.weights[0], b.weights[1])) };
    const mutualRaw = await mutualKnn(be, fa.test, fb.test, o.knn);
    // center the test features with the training means (fitted alignment never sees test data)
    const centeredTest = (train: Tensor, test: Tensor) => own(be.tidy(() => be.elementwise('add', test, be.reduce('sum', train, 'perCol'), 1, -1 / train.rows)));
    const ta = centeredTest(fa.train, fa.test);
    const tb = centeredTest(fb.train, fb.test);
    const ca = own(centerColumns(be, fa.train));
    const cb = own(centerColumns(be, fb.train));
    const R = own(await procrustes(be, ca, cb));
    const retrievalProcrustes = await retrievalAccuracy(be, own(be.matmul(ta, R)), tb);
    const retrievalRaw = await retrievalAccuracy(be, ta, tb);
    const kMax = Math.max(...o.ks);
    const cca = await fitCca(be, fa.train, fb.train, kMax);
    owned.push(cca.meanX, cca.meanY, cca.A, cca.B);
    const pls = await svd(be, own(be.matmul(ca, cb, { transA: true })));
    owned.push(pls.U, pls.V);
    const atK: number[] = [];
    const plsAtK: number[] = [];
    const mutualAtK: number[] = [];
    for (const k of o.ks) {
      if (o.signal.aborted) break;
      const [pa, pb, qa, qb] = be.tidy(() => [
        be.matmul(ta, be.slice(cca.A, 0, 0, H, k)), be.matmul(tb, be.slice(cca.B, 0, 0, H, k)),
        be.matmul(ta, be.slice(pls.U, 0, 0, H, k)), be.matmul(tb, be.slice(pls.V, 0, 0, H, k)),
      ].map((t) => own(t)));
      atK.push(await retrievalAccuracy(be, pa, pb));
      plsAtK.push(await retrievalAccuracy(be, qa, qb));
      mutualAtK.push(await mutualKnn(be, pa, pb, o.knn));
    }
    return {
      ks: o.ks.slice(0, atK.length),
      retrieval_at_k: atK,
      retrieval_pls_at_k: plsAtK,
      retrieval_procrustes: retrievalProcrustes,
      retrieval_unaligned: retrievalRaw,
      mutual_knn: mutualRaw,
      mutual_knn_at_k: mutualAtK,
      cca_correlations: cca.correlations,
      view_accuracy: [a.testAccuracy, b.testAccuracy],
      n_gallery: d.nTest,
    };
  } finally {
    for (const t of owned) be.dispose(t);
    viewTrain.dispose();
    viewTest.dispose();
  }
}
