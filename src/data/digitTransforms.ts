// Fixed transformations of 8×8 digit images (rows of 64 pixels in [0, 1]): shifts, mirror, rotation, inversion.

/** Each image mapped through `source(y, x)` → the index of the input pixel that lands at (y, x); -1 leaves it blank. */
function remap(X: Float32Array, source: (y: number, x: number) => number): Float32Array {
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length / 64; i++) {
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const s = source(y, x);
        if (s >= 0) out[i * 64 + y * 8 + x] = X[i * 64 + s];
      }
    }
  }
  return out;
}

/** Every 8×8 image moved one pixel right and one down (the vacated row and column are blank). */
export function shiftImages(X: Float32Array): Float32Array {
  return remap(X, (y, x) => (y >= 1 && x >= 1 ? (y - 1) * 8 + x - 1 : -1));
}

/** Every image mirrored left to right. */
export function mirrorImages(X: Float32Array): Float32Array {
  return remap(X, (y, x) => y * 8 + (7 - x));
}

/** Every image rotated 90° counter-clockwise: the output's row y, column x is the input's row x, column 7 − y. */
export function rotateImages(X: Float32Array): Float32Array {
  return remap(X, (y, x) => x * 8 + (7 - y));
}

/** Every pixel v replaced by 1 − v. */
export function invertImages(X: Float32Array): Float32Array {
  return X.map((v) => 1 - v);
}
