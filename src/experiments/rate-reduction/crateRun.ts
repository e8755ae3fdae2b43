// The CRATE stage of the rate-reduction page: digits as 16 tokens of 2×2, then per layer MSSA and ISTA, measured after each.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { ByteSource } from '../../data/datasets';
import { loadDigits } from '../../data/datasets';
import { unitRows } from '../common/matmulSums';
import { embedTokens, istaStep, measureTokens, mssaStep, patchTokens, randomCrateLayer, type CrateMeasure, type CrateOptions } from './crate';
import type { RateReductionConfig } from './schema';

export type CrateTrace = { points: string[]; Rc: number[]; R: number[]; sparsity: number[]; layer: number; layers: number };

/** `count` digits drawn without replacement by `rng`: pixels scaled to [0, 1], (count, 64) row-major, and their labels. */
export async function sampleDigits(data: ByteSource, rng: Rng, count: number): Promise<{ pixels: Float64Array; labels: Float64Array }> {
  const digits = await loadDigits(data);
  const order = Array.from({ length: digits.n }, (_, i) => i);
  rng.shuffle(order);
  const pixels = new Float64Array(count * 64);
  const labels = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    labels[b] = digits.y[order[b]];
    for (let j = 0; j < 64; j++) pixels[b * 64 + j] = digits.X[order[b] * 64 + j] / 16;
  }
  return { pixels, labels };
}

/** Runs the stack layer by layer, yielding the measurements so far after every layer. */
export async function* runCrateStack(be: Backend, rng: Rng, data: ByteSource, config: RateReductionConfig, signal: AbortSignal): AsyncGenerator<CrateTrace> {
  const images = Math.min(config.crateImages, 1797);
  const o: CrateOptions = {
    images, tokens: 16, heads: config.crateHeads, headDim: config.crateHeadDim,
    compression: config.crateCompression, eta: config.crateEta, lambda: config.crateLambda, eps2: config.eps2,
  };
  const d = o.heads * o.headDim;
  const trace: CrateTrace = { points: [], Rc: [], R: [], sparsity: [], layer: 0, layers: config.crateLayers };
  const record = (label: string, m: CrateMeasure) => {
    trace.points.push(label);
    trace.Rc.push(m.Rc);
    trace.R.push(m.R);
    trace.sparsity.push(m.sparsity);
  };
  let z: Tensor = embedTokens(be, rng, patchTokens((await sampleDigits(data, rng, images)).pixels, images), images, d);
  try {
    for (let l = 1; l <= config.crateLayers && !signal.aborted; l++) {
      const layer = randomCrateLayer(be, rng, o);
      try {
        // each layer starts from unit-norm tokens (the role of CRATE's LayerNorm); zeros stay zeros
        const normalized = be.tidy(() => unitRows(be, z));
        be.dispose(z);
        z = normalized;
        record(`${l} in`, await measureTokens(be, z, layer, o));
        const half = be.tidy(() => mssaStep(be, z, layer, o));
        be.dispose(z);
        z = half;
        record(`${l} MSSA`, await measureTokens(be, z, layer, o));
        const next = be.tidy(() => istaStep(be, z, layer, o));
        be.dispose(z);
        z = next;
        record(`${l} ISTA`, await measureTokens(be, z, layer, o));
      } finally {
        be.dispose(layer.U);
        be.dispose(layer.D);
      }
      trace.layer = l;
      yield trace;
    }
  } finally {
    be.dispose(z);
  }
}
