// Asymmetric 4-bit (int4) min–max quantization of projection matrices, Q-GaLore style, with its float64 dequantization.

/** A matrix stored as 4-bit codes with one scale and zero point per group of consecutive entries. */
export type Int4Matrix = {
  /** One code in 0..15 per entry, unpacked (packInt4 puts eight in a 32-bit word, as the device stores them). */
  codes: Uint8Array;
  /** Per group: (max − min) / 15, at least 1e-5 / 15 (as the official code clamps the range). */
  scales: Float64Array;
  /** Per group: −roundHalfUp(min / scale), an integer zero point (not clamped to 0..15). */
  zeros: Int32Array;
  groupSize: number;
};

const MAX_CODE = 15;

/**
 * Rounds halves up: floor(x + 0.5). The WGSL kernel (shaders/learn/int4_quantize.wgsl) uses the same formula, because
 * WGSL round() rounds halves to even, so both backends pick the same code at a tie (2.5 → 3, −2.5 → −2).
 */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * Quantizes `values` in groups of `groupSize` consecutive entries (row-major: a row length gives per-row scales,
 * the whole length a per-tensor scale). scale = max(max − min, 1e-5) / 15, zero = −roundHalfUp(min / scale),
 * code = clamp(roundHalfUp(w / scale) + zero, 0, 15); dequantized w̃ = scale·(code − zero).
 * This is the float64 twin of quantizeInt4OnBackend (int4Kernels.ts).
 *
 * Unlike the official code, the zero point is not clamped to 0..15: a group whose entries all share a sign would
 * otherwise be clipped; unclamped, every code still lies in 0..15 and |w − w̃| ≤ scale/2 holds for every entry.
 */
export function quantizeInt4(values: ArrayLike<number>, groupSize: number): Int4Matrix {
  const n = values.length;
  if (!(groupSize >= 1 && n % groupSize === 0)) throw new RangeError(`quantizeInt4: ${n} entries do not split into groups of ${groupSize}`);
  const groups = n / groupSize;
  const codes = new Uint8Array(n);
  const scales = new Float64Array(groups);
  const zeros = new Int32Array(groups);
  for (let g = 0; g < groups; g++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
      if (!Number.isFinite(values[i])) throw new RangeError(`quantizeInt4: entry ${i} is ${values[i]}`);
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
    const scale = Math.max(hi - lo, 1e-5) / MAX_CODE;
    const zero = -roundHalfUp(lo / scale);
    scales[g] = scale;
    zeros[g] = zero;
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
      codes[i] = Math.min(MAX_CODE, Math.max(0, roundHalfUp(values[i] / scale) + zero));
    }
  }
  return { codes, scales, zeros, groupSize };
}

/** w̃ = scale·(code − zero), entry by entry. */
export function dequantizeInt4(q: Int4Matrix): Float64Array {
  const out = new Float64Array(q.codes.length);
  for (let i = 0; i < out.length; i++) {
    const g = Math.floor(i / q.groupSize);
    out[i] = q.scales[g] * (q.codes[i] - q.zeros[g]);
  }
  return out;
}

/** Codes per packed 32-bit word. */
export const CODES_PER_WORD = 8;

/** 32-bit words that hold n packed codes: ⌈n/8⌉. */
export function int4Words(n: number): number {
  return Math.ceil(n / CODES_PER_WORD);
}

/**
 * Packs 4-bit codes eight to a 32-bit word, little end first: code i sits in bits 4·(i mod 8) … 4·(i mod 8)+3 of word
 * ⌊i/8⌋; the unused high nibbles of the last word are 0. The layout shaders/learn/int4_quantize.wgsl writes.
 */
export function packInt4(codes: ArrayLike<number>): Uint32Array {
  const words = new Uint32Array(int4Words(codes.length));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (!(Number.isInteger(c) && c >= 0 && c <= MAX_CODE)) throw new RangeError(`packInt4: code ${i} is ${c}, not an integer in 0..15`);
    words[i >> 3] |= c << (4 * (i & 7));
  }
  return words;
}

/** The first n codes of packed words (the inverse of packInt4). */
export function unpackInt4(words: ArrayLike<number>, n: number): Uint8Array {
  if (words.length !== int4Words(n)) throw new RangeError(`unpackInt4: ${n} codes need ${int4Words(n)} words, got ${words.length}`);
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) codes[i] = (words[i >> 3] >>> (4 * (i & 7))) & MAX_CODE;
  return codes;
}

/**
 * w̃ = scale·(code − zero) straight from packed words: the float64 twin of shaders/learn/int4_dequantize.wgsl.
 * Equals dequantizeInt4 of the unpacked matrix.
 */
export function dequantizePackedInt4(words: ArrayLike<number>, scales: ArrayLike<number>, zeros: ArrayLike<number>, groupSize: number, n: number): Float64Array {
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) throw new RangeError(`dequantizePackedInt4: ${n} entries do not split into groups of ${groupSize}`);
  if (words.length !== int4Words(n)) throw new RangeError(`dequantizePackedInt4: ${n} codes need ${int4Words(n)} words, got ${words.length}`);
  const groups = n / groupSize;
  if (scales.length !== groups || zeros.length !== groups) {
    throw new RangeError(`dequantizePackedInt4: ${groups} groups need ${groups} scales and zeros, got ${scales.length} and ${zeros.length}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / groupSize);
    out[i] = scales[g] * (((words[i >> 3] >>> (4 * (i & 7))) & MAX_CODE) - zeros[g]);
  }
  return out;
}

/** Bytes to store it packed: a 32-bit word per eight codes, and a float32 scale and zero point per group. */
export function int4Bytes(q: { codes: { length: number }; scales: { length: number } }): number {
  return 4 * int4Words(q.codes.length) + 8 * q.scales.length;
}
