// The cpu Jacobi twin's row loops: plain JS and the same loops in WebAssembly SIMD (bit-for-bit equal).

/** Interleaved partial sums per dot product: entry e goes to lane e mod LANES; lanes combine as the shader's tree. */
export const LANES = 4;

/**
 * Loops over rows of one float64 arena, addressed in bytes. Rows start at ROWS_START_BYTES and are zero-padded to a
 * multiple of LANES entries (zeros add nothing to a sum and stay zero under a rotation), so no loop has a tail.
 * - dot(a, b, aEnd): Σ x[a..aEnd)·x[b..) in LANES interleaved partial sums, combined (s0 + s2) + (s1 + s3)
 * - rotatePair(a, b, aEnd, va, vb, vaEnd, c, s): rotates rows a, b (x_a ← c·x_a − s·x_b, x_b ← s·x_a + c·x_b),
 *   leaves their new squared norms, summed like dot, in arena[0] and arena[1], then rotates rows va, vb the same way
 */
export type RowKernels = {
  arena: Float64Array;
  dot(a: number, b: number, aEnd: number): number;
  rotatePair(a: number, b: number, aEnd: number, va: number, vb: number, vaEnd: number, c: number, s: number): void;
};

/** Entries 0 and 1 of the arena return two norms; rows start at byte 16, so every f64x2 load is aligned. */
export const ROWS_START_BYTES = 16;

let rowKernelsOverride: 'wasm' | 'js' | null = null;

/** Forces the WebAssembly or the JS row loops of the cpu Jacobi sweep (null: WebAssembly where available). For tests and benchmarks. */
export function overrideJacobiRowKernels(kind: 'wasm' | 'js' | null): void {
  rowKernelsOverride = kind;
}

/** Which row loops the cpu Jacobi sweep runs here: 'wasm' (WebAssembly SIMD) or 'js'. */
export function jacobiRowKernelsInUse(): 'wasm' | 'js' {
  return rowKernelsOverride !== 'js' && simdRowKernels(0) ? 'wasm' : 'js';
}

/** Row kernels over an arena of at least `entries` float64s: WebAssembly SIMD where available, else JS. */
export function rowKernels(entries: number): RowKernels {
  const wasm = rowKernelsOverride === 'js' ? null : simdRowKernels(entries);
  if (!wasm && rowKernelsOverride === 'wasm') throw new Error('jacobiSweep: WebAssembly SIMD is not available here');
  return wasm ?? jsRowKernels(new Float64Array(entries));
}

/** The reference loops; the WebAssembly ones do the same operations in the same order, two entries per f64x2. */
function jsRowKernels(x: Float64Array): RowKernels {
  const rotate = (a: number, b: number, end: number, c: number, s: number) => {
    for (let e = a, f = b; e < end; e++, f++) {
      const u = x[e], v = x[f];
      x[e] = c * u - s * v;
      x[f] = s * u + c * v;
    }
  };
  return {
    arena: x,
    dot(aByte, bByte, aEndByte) {
      const b = (bByte >> 3) - (aByte >> 3);
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let e = aByte >> 3, end = aEndByte >> 3; e < end; e += LANES) {
        s0 += x[e] * x[b + e];
        s1 += x[e + 1] * x[b + e + 1];
        s2 += x[e + 2] * x[b + e + 2];
        s3 += x[e + 3] * x[b + e + 3];
      }
      return (s0 + s2) + (s1 + s3);
    },
    rotatePair(aByte, bByte, aEndByte, va, vb, vaEnd, c, s) {
      const b = (bByte >> 3) - (aByte >> 3);
      let p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
      for (let e = aByte >> 3, end = aEndByte >> 3; e < end; e += LANES) {
        const u0 = x[e], v0 = x[b + e], u1 = x[e + 1], v1 = x[b + e + 1];
        const u2 = x[e + 2], v2 = x[b + e + 2], u3 = x[e + 3], v3 = x[b + e + 3];
        const x0 = c * u0 - s * v0, y0 = s * u0 + c * v0, x1 = c * u1 - s * v1, y1 = s * u1 + c * v1;
        const x2 = c * u2 - s * v2, y2 = s * u2 + c * v2, x3 = c * u3 - s * v3, y3 = s * u3 + c * v3;
        x[e] = x0; x[b + e] = y0; x[e + 1] = x1; x[b + e + 1] = y1;
        x[e + 2] = x2; x[b + e + 2] = y2; x[e + 3] = x3; x[b + e + 3] = y3;
        p0 += x0 * x0; q0 += y0 * y0; p1 += x1 * x1; q1 += y1 * y1;
        p2 += x2 * x2; q2 += y2 * y2; p3 += x3 * x3; q3 += y3 * y3;
      }
      x[0] = (p0 + p2) + (p1 + p3);
      x[1] = (q0 + q2) + (q1 + q3);
      rotate(va >> 3, vb >> 3, vaEnd >> 3, c, s);
    },
  };
}

let simd: { memory: WebAssembly.Memory; kernels: Omit<RowKernels, 'arena'> } | null | undefined;

/** jsRowKernels' loops in WebAssembly SIMD over one module-wide memory grown to `entries`; null where unavailable. */
function simdRowKernels(entries: number): RowKernels | null {
  if (simd === undefined) simd = instantiateRowLoops();
  if (!simd) return null;
  const { memory, kernels } = simd;
  const bytes = entries * 8;
  try {
    if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  } catch {
    return null; // the runtime would not grow the memory this far; the JS loops take a plain array instead
  }
  return { arena: new Float64Array(memory.buffer, 0, entries), dot: kernels.dot, rotatePair: kernels.rotatePair };
}

/** WebAssembly exports carry no signatures: this checks the two loops are functions; their signatures are rowLoopsModule's. */
function hasRowLoops(exports: WebAssembly.Exports): exports is WebAssembly.Exports & Omit<RowKernels, 'arena'> {
  return typeof exports.dot === 'function' && typeof exports.rotatePair === 'function';
}

function instantiateRowLoops(): { memory: WebAssembly.Memory; kernels: Omit<RowKernels, 'arena'> } | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = rowLoopsModule();
    if (!WebAssembly.validate(bytes)) return null; // no SIMD in this runtime
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { memory } });
    const loops = instance.exports;
    return hasRowLoops(loops) ? { memory, kernels: { dot: loops.dot, rotatePair: loops.rotatePair } } : null;
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
  }
}

/**
 * The binary of the module behind simdRowKernels, assembled here because it is small and the build has no
 * WebAssembly toolchain. Each loop steps 32 bytes (four entries, two f64x2) until its first row offset reaches its end:
 *   dot(a, b, end) → f64:  lo += x[a..a+2)·x[b..b+2); hi += x[a+2..a+4)·x[b+2..b+4); then (lo + hi)[0] + (lo + hi)[1]
 *   rotatePair(a, b, end, va, vb, vend, c, s): rotate a, b summing squares into pLo/pHi and qLo/qHi like dot, store
 *   the two sums at bytes 0 and 8, then rotate va, vb
 */
function rowLoopsModule(): Uint8Array<ArrayBuffer> {
  const i32 = 0x7f, f64 = 0x7c, v128 = 0x7b;
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      const b = n & 0x7f;
      n >>>= 7;
      out.push(n ? b | 0x80 : b);
    } while (n);
    return out;
  };
  const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
  const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));
  const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
  const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i], tee = (i: number) => [0x22, i];
  const load = (offset: number) => [0xfd, 0x00, 4, offset]; // v128.load, 16-byte aligned
  const store = (offset: number) => [0xfd, 0x0b, 4, offset]; // v128.store
  const [add, sub, mul] = [[0xfd, 0xf0, 0x01], [0xfd, 0xf1, 0x01], [0xfd, 0xf2, 0x01]]; // f64x2.add/sub/mul
  const splat = [0xfd, 0x14], lane = (l: number) => [0xfd, 0x21, l], f64add = [0xa0];
  const f64store = (offset: number) => [0x39, 3, offset];
  const i32const = (v: number) => [0x41, v]; // v < 64
  const step = (local: number) => [...get(local), ...i32const(32), 0x6a, ...set(local)]; // local += 32
  // block { loop { if (!(a < end)) break; body; a += 32; b += 32; continue } }
  const loop = (a: number, b: number, end: number, body: number[]) => [
    0x02, 0x40, 0x03, 0x40, ...get(a), ...get(end), 0x49, 0x45, 0x0d, 1,
    ...body, ...step(a), ...step(b), 0x0c, 0, 0x0b, 0x0b,
  ];
  const sumLanes = (lo: number, hi: number) => [...get(lo), ...get(hi), ...add, ...tee(lo), ...lane(0), ...get(lo), ...lane(1), ...f64add];

  // dot: params 0 a, 1 b, 2 end; locals 3 lo, 4 hi
  const dot = [
    ...loop(0, 1, 2, [
      ...get(3), ...get(0), ...load(0), ...get(1), ...load(0), ...mul, ...add, ...set(3),
      ...get(4), ...get(0), ...load(16), ...get(1), ...load(16), ...mul, ...add, ...set(4),
    ]),
    ...sumLanes(3, 4), 0x0b,
  ];

  // rotatePair: params 0 a, 1 b, 2 end, 3 va, 4 vb, 5 vend, 6 c, 7 s;
  // locals 8 cv, 9 sv, 10 u, 11 v, 12 x', 13 y', 14 pLo, 15 pHi, 16 qLo, 17 qHi
  const rotateTwo = (a: number, b: number, offset: number, sums?: [number, number]) => [
    ...get(a), ...load(offset), ...set(10), ...get(b), ...load(offset), ...set(11),
    ...get(a), ...get(8), ...get(10), ...mul, ...get(9), ...get(11), ...mul, ...sub, ...tee(12), ...store(offset),
    ...get(b), ...get(9), ...get(10), ...mul, ...get(8), ...get(11), ...mul, ...add, ...tee(13), ...store(offset),
    ...(sums ? [
      ...get(sums[0]), ...get(12), ...get(12), ...mul, ...add, ...set(sums[0]),
      ...get(sums[1]), ...get(13), ...get(13), ...mul, ...add, ...set(sums[1]),
    ] : []),
  ];
  const rotatePair = [
    ...get(6), ...splat, ...set(8), ...get(7), ...splat, ...set(9),
    ...loop(0, 1, 2, [...rotateTwo(0, 1, 0, [14, 16]), ...rotateTwo(0, 1, 16, [15, 17])]),
    ...i32const(0), ...sumLanes(14, 15), ...f64store(0), ...i32const(0), ...sumLanes(16, 17), ...f64store(8),
    ...loop(3, 4, 5, [...rotateTwo(3, 4, 0), ...rotateTwo(3, 4, 16)]),
    0x0b,
  ];

  const body = (locals: number[][], code: number[]) => {
    const b = [...vec(locals), ...code];
    return [...leb(b.length), ...b];
  };
  const dotType = [0x60, ...vec([[i32], [i32], [i32]]), ...vec([[f64]])];
  const rotateType = [0x60, ...vec([[i32], [i32], [i32], [i32], [i32], [i32], [f64], [f64]]), ...vec([])];
  const exportFn = (s: string, index: number) => [...name(s), 0x00, index];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([dotType, rotateType])),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 0x01]])), // imports a memory of ≥ 1 page
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([exportFn('dot', 0), exportFn('rotatePair', 1)])),
    ...section(10, vec([body([[2, v128]], dot), body([[10, v128]], rotatePair)])),
  ]);
}
