// Small tensor helpers the clustering code composes from backend ops: reshape, stacking, identity, row normalization, degree scaling.
import { assertNever, sizeOf, type AnyBackend, type Backend, type Shape, type Tensor } from '../engine/backend';

/** A copy of t with another shape of the same size (row-major order kept), e.g. (n, d·d) → (n, d, d). */
export function reshape(be: Backend, t: Tensor, shape: Partial<Shape> & { rows: number; cols: number }): Tensor {
  const s = { batch: shape.batch ?? 1, rows: shape.rows, cols: shape.cols };
  if (sizeOf(s) !== sizeOf(t)) throw new RangeError(`reshape: ${t.batch}×${t.rows}×${t.cols} has ${sizeOf(t)} entries, not ${sizeOf(s)}`);
  return stackRows(be, [t], s);
}

/**
 * The blocks' entries back to back (row-major), as one tensor of `shape` (default: the blocks stacked
 * vertically, Σ rows × cols, which needs equal cols and batch 1).
 */
export function stackRows(be: AnyBackend, blocks: Tensor[], shape?: Shape): Tensor {
  const total = blocks.reduce((s, b) => s + sizeOf(b), 0);
  let out: Shape;
  if (shape) out = shape;
  else {
    const cols = blocks[0]?.cols ?? 0;
    if (blocks.some((b) => b.cols !== cols || b.batch !== 1)) throw new RangeError('stackRows: blocks need batch 1 and equal column counts');
    out = { batch: 1, rows: blocks.reduce((s, b) => s + b.rows, 0), cols };
  }
  if (sizeOf(out) !== total) throw new RangeError(`stackRows: ${total} entries do not fill ${out.batch}×${out.rows}×${out.cols}`);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const data = new Float64Array(total);
      let at = 0;
      for (const b of blocks) {
        data.set(cpu.view(b), at);
        at += sizeOf(b);
      }
      return cpu.upload(data, out);
    }
    case 'webgpu': {
      const gpu = be;
      const t = gpu.empty(out);
      if (total === 0) return t;
      // Copies go into the backend's open encoder, so they stay in order with the passes around them.
      const enc = gpu.commandEncoder();
      let at = 0;
      for (const b of blocks) {
        const bytes = sizeOf(b) * 4;
        if (bytes) enc.copyBufferToBuffer(gpu.buffer(b, 'stackRows'), 0, gpu.buffer(t), at, bytes);
        at += bytes;
      }
      return t;
    }
    default:
      return assertNever(be);
  }
}

/** The blocks side by side (each n × c_i, batch 1) as n × Σc_i. */
export function stackColumns(be: Backend, blocks: Tensor[]): Tensor {
  return be.tidy(() => be.transpose(stackRows(be, blocks.map((b) => be.transpose(b)))));
}

/** The n×n identity. */
export function identity(be: Backend, n: number): Tensor {
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return be.upload(eye, { rows: n, cols: n });
}

/** Each row divided by its Euclidean norm (rows of norm below `floor` are divided by `floor`). x: (b, n, d) → (b, n, d). */
export function normalizeRows(be: Backend, x: Tensor, floor = 1e-12): Tensor {
  return be.tidy(() => be.elementwise('div', x, be.elementwise('max', be.reduce('norm', x, 'perRow'), be.fill({ rows: 1, cols: 1 }, floor))));
}

/**
 * The degree-normalized affinity D^{-1/2}·W·D^{-1/2} with D = diag(W·1) (isolated points get degree `floor`).
 * @param w (n, n) symmetric, non-negative @returns normalized (n, n) and invSqrtDegree (n, 1)
 */
export function normalizeAffinity(be: Backend, w: Tensor, floor = 1e-12): { normalized: Tensor; invSqrtDegree: Tensor } {
  return be.tidy(() => {
    const degree = be.elementwise('max', be.reduce('sum', w, 'perRow'), be.fill({ rows: 1, cols: 1 }, floor));
    const invSqrtDegree = be.elementwise('div', be.fill({ rows: w.rows, cols: 1 }, 1), be.elementwise('sqrt', degree));
    const normalized = be.elementwise('mul', be.elementwise('mul', w, invSqrtDegree), be.transpose(invSqrtDegree));
    return { normalized, invSqrtDegree };
  });
}

/** The diagonal of a square matrix as a 1×n row. */
export function diagonalRow(be: Backend, a: Tensor): Tensor {
  return be.tidy(() => be.reduce('sum', be.elementwise('mul', a, identity(be, a.rows)), 'perCol'));
}

/** Host labels from a (1, 1, n) float label tensor. */
export async function readLabels(be: Backend, labels: Tensor): Promise<Int32Array> {
  return Int32Array.from(await be.read(labels), (v) => Math.round(v));
}

/** Uploads host labels as a (1, 1, n) float tensor (the assignment kernels' layout). */
export function uploadLabels(be: Backend, labels: ArrayLike<number>): Tensor {
  return be.upload(Float64Array.from(labels), { rows: 1, cols: labels.length });
}
