// Q-GaLore's INT8 weights with stochastic rounding (float64 reference): the counter hash, SR quantization, packing, dequantization.

/** Codes per packed 32-bit word (four bytes). */
export const INT8_PER_WORD = 4;
export const INT8_MIN = -128;
export const INT8_MAX = 127;

/** 32-bit words that hold n packed int8 codes: ⌈n/4⌉. */
export function int8Words(n: number): number {
  return Math.ceil(n / INT8_PER_WORD);
}

/** Wellons' lowbias32 integer hash on u32. shaders/learn/int8_stochastic_round.wgsl has the same steps in u32 arithmetic. */
export function hash32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The uniform in [0, 1) that entry `index` draws at (`seed`, `step`): (hash(index + hash(step + hash(seed))) >> 8) / 2²⁴.
 * Counter-based, so any entry's draw is known without a stream position, and 24 bits make it exact in f32 and f64.
 */
export function srUniform(seed: number, step: number, index: number): number {
  const h = hash32((index + hash32((step + hash32(seed)) >>> 0)) >>> 0);
  return (h >>> 8) / 16777216;
}

/** SR(x) = ⌊x⌋ + [u < x − ⌊x⌋], so E[SR(x)] = x for u uniform in [0, 1); then clamped to −128…127. */
export function stochasticRoundInt8(x: number, u: number): number {
  const f = Math.floor(x);
  return Math.min(INT8_MAX, Math.max(INT8_MIN, f + (u < x - f ? 1 : 0)));
}

/** Rounds half up, then clamps: the deterministic rounding that SR replaces (used to show what it loses). */
export function nearestInt8(x: number): number {
  return Math.min(INT8_MAX, Math.max(INT8_MIN, Math.floor(x + 0.5)));
}

/**
 * Per-group symmetric int8 scales: (max |w| over the group + 1e-10) / 127, so every |w / scale| ≤ 127 and an all-zero
 * group still divides. The same formula int8ScalesOnBackend builds from backend ops.
 */
export function int8Scales(values: ArrayLike<number>, groupSize: number): Float64Array {
  checkGroups(values.length, groupSize, 'int8Scales');
  const out = new Float64Array(values.length / groupSize);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`int8Scales: entry ${i} is ${values[i]}`);
    const g = Math.floor(i / groupSize);
    out[g] = Math.max(out[g], Math.abs(values[i]));
  }
  return out.map((m) => m * (1 / INT8_MAX) + 1e-10 / INT8_MAX); // the backend's 'scale' op, α·m + β, term for term
}

/**
 * code[i] = SR(values[i] / scales[⌊i/groupSize⌋]) with the uniform srUniform(seed, step, i): the float64 twin of the
 * `quantize` entry of shaders/learn/int8_stochastic_round.wgsl (unpacked; packInt8 gives the device layout).
 */
export function quantizeInt8Sr(values: ArrayLike<number>, scales: ArrayLike<number>, groupSize: number, seed: number, step: number): Int8Array {
  checkGroups(values.length, groupSize, 'quantizeInt8Sr');
  if (scales.length !== values.length / groupSize) throw new RangeError(`quantizeInt8Sr: ${values.length / groupSize} groups need as many scales, got ${scales.length}`);
  const codes = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const s = scales[Math.floor(i / groupSize)];
    if (!Number.isFinite(values[i]) || !(s > 0)) throw new RangeError(`quantizeInt8Sr: entry ${i} is ${values[i]} with scale ${s}`);
    codes[i] = stochasticRoundInt8(values[i] / s, srUniform(seed, step, i));
  }
  return codes;
}

/** Packs int8 codes four to a u32 word, two's-complement bytes little end first (code i in bits 8·(i mod 4)…); spare bytes 0. */
export function packInt8(codes: ArrayLike<number>): Uint32Array {
  const words = new Uint32Array(int8Words(codes.length));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (!(Number.isInteger(c) && c >= INT8_MIN && c <= INT8_MAX)) throw new RangeError(`packInt8: code ${i} is ${c}, not an integer in −128…127`);
    words[i >> 2] |= (c & 0xff) << (8 * (i & 3));
  }
  return words;
}

/** The first n signed codes of packed words (the inverse of packInt8). */
export function unpackInt8(words: ArrayLike<number>, n: number): Int8Array {
  if (words.length !== int8Words(n)) throw new RangeError(`unpackInt8: ${n} codes need ${int8Words(n)} words, got ${words.length}`);
  const codes = new Int8Array(n);
  for (let i = 0; i < n; i++) codes[i] = (words[i >> 2] >>> (8 * (i & 3))) & 0xff; // Int8Array stores 128…255 as −128…−1
  return codes;
}

/** w̃[i] = scale[⌊i/groupSize⌋]·code[i] from packed words: the float64 twin of the `dequantize` entry point. */
export function dequantizePackedInt8(words: ArrayLike<number>, scales: ArrayLike<number>, groupSize: number, n: number): Float64Array {
  checkGroups(n, groupSize, 'dequantizePackedInt8');
  if (scales.length !== n / groupSize) throw new RangeError(`dequantizePackedInt8: ${n / groupSize} groups need as many scales, got ${scales.length}`);
  const codes = unpackInt8(words, n);
  return Float64Array.from(codes, (c, i) => scales[Math.floor(i / groupSize)] * c);
}

function checkGroups(n: number, groupSize: number, who: string): void {
  if (!(Number.isInteger(groupSize) && groupSize >= 1 && n % groupSize === 0)) throw new RangeError(`${who}: ${n} entries do not split into groups of ${groupSize}`);
}
