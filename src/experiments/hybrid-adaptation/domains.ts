// The two few-shot target domains, made on the host from 8×8 source digits: thick strokes (dilation) and slanted digits (shear).

const SIDE = 8;

/** Thick strokes: each pixel becomes the largest of itself and its four neighbours (a plus-shaped dilation). */
export function thicken(image: ArrayLike<number>): Float64Array {
  const out = new Float64Array(SIDE * SIDE);
  const at = (r: number, c: number) => (r >= 0 && r < SIDE && c >= 0 && c < SIDE ? image[r * SIDE + c] : 0);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) out[r * SIDE + c] = Math.max(at(r, c), at(r - 1, c), at(r + 1, c), at(r, c - 1), at(r, c + 1));
  }
  return out;
}

/** Slanted digits: row r shifts right by shear·(3.5 − r) pixels (top to the right), linearly interpolated. */
export function slant(image: ArrayLike<number>, shear = 0.5): Float64Array {
  const out = new Float64Array(SIDE * SIDE);
  for (let r = 0; r < SIDE; r++) {
    const shift = shear * ((SIDE - 1) / 2 - r);
    for (let c = 0; c < SIDE; c++) {
      const src = c - shift;
      const c0 = Math.floor(src);
      const t = src - c0;
      const left = c0 >= 0 && c0 < SIDE ? image[r * SIDE + c0] : 0;
      const right = c0 + 1 >= 0 && c0 + 1 < SIDE ? image[r * SIDE + c0 + 1] : 0;
      out[r * SIDE + c] = (1 - t) * left + t * right;
    }
  }
  return out;
}

/** The two target domains, in the order the page names them (A, B). */
export const DOMAINS = [
  { id: 'a', name: 'thick strokes', transform: thicken },
  { id: 'b', name: 'slanted', transform: slant },
] as const;

/**
 * A domain's few shots: `transform` applied to the given source images.
 * @param images (n, 64) row-major; picks rows `rows`
 * @returns (rows.length, 64) row-major
 */
export function domainShots(images: ArrayLike<number>, rows: readonly number[], transform: (x: ArrayLike<number>) => Float64Array): Float64Array {
  const out = new Float64Array(rows.length * SIDE * SIDE);
  rows.forEach((r, i) => out.set(transform(Array.prototype.slice.call(images, r * 64, (r + 1) * 64) as number[]), i * 64));
  return out;
}
