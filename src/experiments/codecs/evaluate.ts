// Measuring a codec: rounding the latents, the rate they cost, and the PSNR of the decoded pixels.
import type { Backend, Tensor } from '../../engine/backend';
import { haarInverse } from './haar';
import { decode, type CodecWeights } from './autoencoder';
import { channelEntropyBits, laplaceRateBits, psnr } from './rate';

/** The data a codec is measured on, all on the backend. */
export type CodecData = {
  /** (n, d) pixels of the patches */
  x: Tensor;
  /** (n, d) centered wavelet coefficients */
  y: Tensor;
  /** (d, d) the Haar packet */
  h: Tensor;
  /** (1, d) the mean patch's coefficients, side information */
  mean: Tensor;
};

/** One rate–distortion point. `patches` are the decoded pixels (n, d) on the host. */
export type RatePoint = { bpp: number; psnr: number; mse: number; entropyBpp: number; patches: Float64Array };

/** MSE of decoded centered coefficients against the pixels: inverse Haar of (ŷ + mean), on the backend. */
export async function pixelsAndMse(be: Backend, data: CodecData, yHat: Tensor): Promise<{ mse: number; patches: Float64Array }> {
  const xHat = be.tidy(() => haarInverse(be, be.elementwise('add', yHat, data.mean), data.h));
  const err = be.tidy(() => be.reduce('sumSquares', be.elementwise('add', xHat, data.x, 1, -1), 'all'));
  const [patches, e] = await Promise.all([be.read(xHat), be.read(err)]);
  be.dispose(xHat);
  be.dispose(err);
  return { mse: e[0] / (data.x.rows * data.x.cols), patches };
}

/**
 * Encodes, rounds z/Δ to integers on the host (the latents are a small n×c array), decodes Δ·q, and charges the
 * Laplace code length. @returns bits per pixel, PSNR, and the channels' empirical entropy in bits per pixel
 */
export async function evaluateCodec(be: Backend, w: CodecWeights, data: CodecData, step: number): Promise<RatePoint> {
  if (!(step > 0)) throw new RangeError(`quantization step must be positive, got ${step}`);
  const { rows: n, cols: d } = data.y;
  const c = w.E.cols;
  const zT = be.tidy(() => be.matmul(data.y, w.E));
  const z = await be.read(zT);
  be.dispose(zT);
  const q = z.map((v) => Math.round(v / step));
  const zq = be.upload(q.map((v) => v * step), { rows: n, cols: c });
  const yHat = decode(be, w, zq);
  be.dispose(zq);
  const { mse, patches } = await pixelsAndMse(be, data, yHat);
  be.dispose(yHat);
  return { bpp: laplaceRateBits(q, n, c) / d, psnr: psnr(mse), mse, entropyBpp: channelEntropyBits(q, n, c) / d, patches };
}
