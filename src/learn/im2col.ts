// im2col / col2im for 3×3, stride-1, zero-padded convolutions on NHWC rows, as row gathers through host-built index tables.
import { sizeOf, type Backend, type Tensor } from '../engine/backend';
import { copySegment, gatherRows, reshape } from './gatherKernels';

/** The pixel grid of a batch of images stored as NHWC rows: row b·H·W + y·W + x, one column per channel. */
export type ImageGrid = { batch: number; height: number; width: number };

/** Taps of a 3×3 kernel, k = ky·3 + kx, neighbour offset (ky − 1, kx − 1). */
export const KERNEL_TAPS = 9;

function checkGrid(g: ImageGrid): number {
  const { batch, height, width } = g;
  if (![batch, height, width].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`im2col: invalid image grid ${batch}×${height}×${width}`);
  }
  const pixels = batch * height * width;
  // Indices travel as f32 on the GPU: every row number of the padded gradient must stay exact.
  if (pixels * KERNEL_TAPS + 1 > 2 ** 24) throw new RangeError(`im2col: ${pixels} pixels are too many for float row indices`);
  return pixels;
}

/** The row of pixel (b, y, x)'s neighbour through tap k, or −1 when it falls outside the image. */
function neighbour(g: ImageGrid, b: number, y: number, x: number, k: number): number {
  const ny = y + Math.floor(k / 3) - 1;
  const nx = x + (k % 3) - 1;
  if (ny < 0 || ny >= g.height || nx < 0 || nx >= g.width) return -1;
  return (b * g.height + ny) * g.width + nx;
}

/**
 * The im2col gather table, length N·9 (N = B·H·W): entry p·9 + k is the row of pixel p's neighbour through tap k,
 * or N (the appended zero row) outside the image.
 */
export function im2colIndices(g: ImageGrid): Float64Array {
  const n = checkGrid(g);
  const out = new Float64Array(n * KERNEL_TAPS);
  for (let b = 0; b < g.batch; b++) for (let y = 0; y < g.height; y++) for (let x = 0; x < g.width; x++) {
    const p = (b * g.height + y) * g.width + x;
    for (let k = 0; k < KERNEL_TAPS; k++) {
      const q = neighbour(g, b, y, x, k);
      out[p * KERNEL_TAPS + k] = q < 0 ? n : q;
    }
  }
  return out;
}

/**
 * The col2im gather table, length 9·N, tap-major: entry k·N + q is the row p·9 + k of the (N·9, C) view of the
 * column gradient whose neighbour through tap k is pixel q, or 9N (the appended zero row) when no such p exists.
 */
export function col2imIndices(g: ImageGrid): Float64Array {
  const n = checkGrid(g);
  const out = new Float64Array(KERNEL_TAPS * n).fill(KERNEL_TAPS * n);
  for (let b = 0; b < g.batch; b++) for (let y = 0; y < g.height; y++) for (let x = 0; x < g.width; x++) {
    const p = (b * g.height + y) * g.width + x;
    for (let k = 0; k < KERNEL_TAPS; k++) {
      const q = neighbour(g, b, y, x, k);
      if (q >= 0) out[k * n + q] = p * KERNEL_TAPS + k;
    }
  }
  return out;
}

/** `t`'s numbers read as rows of `cols` entries, with one zero row appended: (size/cols + 1, cols). */
function withZeroRow(be: Backend, t: Tensor, cols: number): Tensor {
  const size = sizeOf(t);
  const padded = be.fill({ rows: size / cols + 1, cols }, 0);
  copySegment(be, t, 0, padded, 0, size);
  return padded;
}

/**
 * cols[p, k·C + ci] = X[neighbour_k(p), ci], or 0 outside the image.
 * @param X (N, C) NHWC rows (any shape of N·C numbers in that order); indices im2colIndices of the grid, uploaded
 * @returns (N, 9·C)
 */
export function im2col(be: Backend, X: Tensor, channels: number, indices: Tensor): Tensor {
  const n = sizeOf(indices) / KERNEL_TAPS;
  if (!Number.isInteger(n) || sizeOf(X) !== n * channels) {
    throw new RangeError(`im2col: X has ${sizeOf(X)} numbers, expected ${n} pixels × ${channels} channels`);
  }
  return be.tidy(() => {
    const gathered = gatherRows(be, withZeroRow(be, X, channels), indices, 0, n * KERNEL_TAPS);
    return reshape(be, gathered, { rows: n, cols: KERNEL_TAPS * channels });
  });
}

/**
 * The adjoint of im2col: dX[q, ci] = Σ_k dcols[p, k·C + ci] over the p with neighbour_k(p) = q.
 * @param dcols (N, 9·C); indices col2imIndices of the grid, uploaded
 * @returns (N, C)
 */
export function col2im(be: Backend, dcols: Tensor, channels: number, indices: Tensor): Tensor {
  const n = sizeOf(indices) / KERNEL_TAPS;
  if (!Number.isInteger(n) || dcols.batch !== 1 || dcols.rows !== n || dcols.cols !== KERNEL_TAPS * channels) {
    throw new RangeError(`col2im: dcols is ${dcols.batch}×${dcols.rows}×${dcols.cols}, expected ${n}×${KERNEL_TAPS * channels}`);
  }
  return be.tidy(() => {
    const gathered = gatherRows(be, withZeroRow(be, dcols, channels), indices, 0, KERNEL_TAPS * n);
    const perTap = reshape(be, gathered, { rows: KERNEL_TAPS, cols: n * channels });
    return reshape(be, be.reduce('sum', perTap, 'perCol'), { rows: n, cols: channels });
  });
}

/** Both gather tables of one grid, on one backend. */
export type Conv3x3Tables = { im2col: Tensor; col2im: Tensor };

/**
 * Uploaded index tables per (backend, batch size) for a fixed image size, built on the host once and kept out of
 * any tidy. It owns those tensors: call dispose() when done.
 */
export class Conv3x3TableCache {
  private readonly byBackend = new Map<Backend, Map<number, Conv3x3Tables>>();

  constructor(readonly height: number, readonly width: number) {
    checkGrid({ batch: 1, height, width });
  }

  tables(be: Backend, batch: number): Conv3x3Tables {
    let perBatch = this.byBackend.get(be);
    if (!perBatch) this.byBackend.set(be, (perBatch = new Map()));
    let t = perBatch.get(batch);
    if (!t) {
      const g = { batch, height: this.height, width: this.width };
      const a = im2colIndices(g);
      const c = col2imIndices(g);
      t = {
        im2col: be.keep(be.upload(a, { rows: 1, cols: a.length })),
        col2im: be.keep(be.upload(c, { rows: 1, cols: c.length })),
      };
      perBatch.set(batch, t);
    }
    return t;
  }

  /** Number of cached (backend, batch) table pairs. */
  get size(): number {
    let s = 0;
    for (const m of this.byBackend.values()) s += m.size;
    return s;
  }

  /** Frees every cached table (on every backend); the cache stays usable and rebuilds on demand. */
  dispose(): void {
    for (const [be, perBatch] of this.byBackend) for (const t of perBatch.values()) { be.dispose(t.im2col); be.dispose(t.col2im); }
    this.byBackend.clear();
  }
}
