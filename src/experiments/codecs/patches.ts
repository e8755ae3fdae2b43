// The codecs' data: non-overlapping 8×8 patches of a grayscale image, or the 8×8 digits, as rows in [0, 1].
import { loadDigits, loadImage, type ByteSource, type ImageName } from '../../data/datasets';
import { downsample } from '../common/lowRank';
import { PATCH } from './haar';

/** Patches as rows and, for an image, how to tile them back. */
export type PatchSet = { n: number; data: Float64Array; tilesAcross: number; tilesDown: number; source: string };

/**
 * Cuts a side×side image into (side/8)² patches, row-major tile order, each patch flattened row by row.
 * @returns (n, 64) row-major
 */
export function imageToPatches(img: ArrayLike<number>, side: number): Float64Array {
  const t = side / PATCH;
  if (!Number.isInteger(t) || t < 1) throw new RangeError(`imageToPatches: side ${side} is not a multiple of ${PATCH}`);
  const out = new Float64Array(t * t * PATCH * PATCH);
  for (let a = 0; a < t; a++) for (let b = 0; b < t; b++) for (let i = 0; i < PATCH; i++) for (let j = 0; j < PATCH; j++) {
    out[(a * t + b) * PATCH * PATCH + i * PATCH + j] = img[(a * PATCH + i) * side + b * PATCH + j];
  }
  return out;
}

/** The inverse of imageToPatches for a tilesDown×tilesAcross grid. @param patches (n, 64) @returns (8·down, 8·across) row-major */
export function patchesToImage(patches: ArrayLike<number>, tilesDown: number, tilesAcross: number): number[] {
  const w = tilesAcross * PATCH;
  const out = new Array<number>(tilesDown * PATCH * w).fill(0);
  for (let a = 0; a < tilesDown; a++) for (let b = 0; b < tilesAcross; b++) for (let i = 0; i < PATCH; i++) for (let j = 0; j < PATCH; j++) {
    out[(a * PATCH + i) * w + b * PATCH + j] = patches[(a * tilesAcross + b) * PATCH * PATCH + i * PATCH + j];
  }
  return out;
}

/** Loads the configured patches: an image block-averaged to size×size, or the first `digits` digits scaled to [0, 1]. */
export async function loadPatches(src: ByteSource, o: { source: string; image: string; size: number; digits: number }): Promise<PatchSet> {
  if (o.source === 'digits') {
    const d = await loadDigits(src);
    const n = Math.min(o.digits, d.n);
    const data = Float64Array.from(d.X.subarray(0, n * 64), (v) => v / 16);
    // a square-ish mosaic of whole digits for the reconstruction plots
    const across = Math.max(1, Math.floor(Math.sqrt(n)));
    return { n, data, tilesAcross: across, tilesDown: Math.floor(n / across), source: `${n} digits` };
  }
  const img = await loadImage(src, o.image as ImageName);
  const pixels = o.size === 256 ? img.data : downsample(img.data, 256, 256 / o.size);
  const t = o.size / PATCH;
  return { n: t * t, data: imageToPatches(pixels, o.size), tilesAcross: t, tilesDown: t, source: `${o.image} at ${o.size}²` };
}

/** Mean patch and the centered rows (the mean is side information the decoder adds back). */
export function centerRows(x: Float64Array, n: number, d: number): { mean: Float64Array; centered: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  const centered = x.map((v, k) => v - mean[k % d]);
  return { mean, centered };
}
