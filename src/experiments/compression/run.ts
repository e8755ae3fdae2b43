// The compression run: one trained layer compressed by rounding/pruning, LoRD, EoRA, CoSpaDi, LR²VQ and 1-D codebooks.
import { Rng } from '../../data/rng';
import type { Tensor } from '../../engine/backend';
import type { Progress, RunContext } from '../framework/types';
import type { CompressionConfig } from './schema';
import { trainedFirstLayer } from './layer';
import { prune24On, round4bitOn } from './quantize';
import { calibrationWhitening, type Whitening } from './whitening';
import { compensationOn } from './compensation';
import { codebooksOn, type CodebookMetrics } from './codebooks';
import { cospadiOn } from './cospadi';

const RANKS = [1, 2, 4, 8, 16];
/** Bits of a dense float32 number. */
const F32 = 32;
/** k-means restarts and Lloyd iterations per codebook (src/cluster/kmeans; one readback per iteration). */
const KMEANS = { restarts: 2, maxIter: 25 };

/** The headline: fixed vs learned LR²VQ output error at the largest rank d (equal bits: lr2vq_bits). */
function lr2vqHeadline(c: CodebookMetrics): Record<string, number> {
  const last = c.lr2vq_error.length - 1;
  return { lr2vq_error_fixed: c.lr2vq_error[last], lr2vq_error_learned: c.lr2vq_learned_error[last], lr2vq_bits: c.lr2vq_size[last] };
}

export async function* runCompression(config: CompressionConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const total = 4;
  const L = await trainedFirstLayer(ctx, config.hidden, config.trainSteps, config.calibration, config.seed);
  const { m, n } = L;
  const ranks = RANKS.filter((r) => r <= Math.min(m, n));
  const metrics: Record<string, number | number[]> = { accuracy: L.accuracy, dense_size: F32 * m * n, m, n };
  yield { step: 1, total, metrics: { ...metrics } };

  const held: Tensor[] = [];
  const hold = <T extends Tensor>(t: T): T => (held.push(t), t);
  let whitening: Whitening | null = null;
  try {
    const W = hold(be.upload(L.W, { rows: m, cols: n }));
    const Xtest = hold(be.upload(L.Xtest, { rows: L.nTest, cols: n }));
    const X = hold(be.upload(L.X, { rows: L.nCal, cols: n }));
    // the activation-weighted norm: ‖A‖_C² = tr(A C Aᵀ) = ‖A S‖_F², C = XᵀX/N + λ·mean(diag)·I = QΛQᵀ, S = QΛ^½
    whitening = await calibrationWhitening(be, X, config.damping);
    const base = hold(config.base === 'int4' ? round4bitOn(be, W) : prune24On(be, W));
    const baseSize = config.base === 'int4' ? 4 * m * n + F32 * m : (m * n / 2) * (F32 + 2);
    const comp = await compensationOn(be, { W, base, whitening, Xtest, ranks });
    const lordV = hold(comp.lordV);
    const factored = ranks.map((r) => F32 * r * (m + n));
    Object.assign(metrics, {
      ranks, base_size: baseSize, ...comp.metrics,
      lord_size: factored, eora_size: factored.map((s) => s + baseSize), svd_size: factored.map((s) => s + baseSize),
    });
    yield { step: 2, total, metrics: { ...metrics } };
    if (ctx.signal.aborted) return;

    // the learned LR²VQ's objective is the calibration output error ‖E·Xᵀ‖²/N = tr(E·G·Eᵀ), G = XᵀX/N (undamped)
    const G = hold(be.tidy(() => be.elementwise('scale', be.matmul(X, X, { transA: true }), null, 1 / L.nCal, 0)));
    const learned = { steps: config.lr2vqSteps, lr: config.lr2vqLr, beta: config.lr2vqBeta };
    const codebooks = await codebooksOn(be, W, lordV, G, Xtest, { seed: config.seed + 5, ...KMEANS, learned });
    Object.assign(metrics, codebooks.metrics, lr2vqHeadline(codebooks.metrics));
    yield { step: 3, total, metrics: { ...metrics } };
    if (ctx.signal.aborted) return;

    Object.assign(metrics, await cospadiOn(be, W, whitening, Xtest, new Rng(config.seed + 7), config.kSvdIters));
    yield { step: 4, total, metrics: { ...metrics } };
  } finally {
    held.forEach((t) => be.dispose(t));
    if (whitening) {
      be.dispose(whitening.S);
      be.dispose(whitening.Sinv);
    }
  }
}
