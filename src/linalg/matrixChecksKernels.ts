// Shared pieces of the factorization kernels: input health checks, and scratch-tensor ownership.
import { assertNever, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import matrixChecksWgsl from '../../shaders/linalg/matrix_checks.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

/** Uniforms of matrix_checks.wgsl: `outStride` numbers written per batch item. */
export const MATRIX_CHECKS_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/linalg/matrix_checks.wgsl'] }, {
  rows: 'u32', cols: 'u32', groupsX: 'u32', outStride: 'u32', batch: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32',
});

/** What the host learns about one matrix of a batch before factorizing it. */
export type MatrixHealth = {
  /** Largest |a_ij| over the finite entries. */
  maxAbs: number;
  /** Largest |a_ij − a_ji| (0 for non-square matrices). */
  maxAsymmetry: number;
  /** Number of NaN or ±Infinity entries. */
  nonFinite: number;
  /** Smallest |a_ii| (Infinity for an empty diagonal). */
  minAbsDiagonal: number;
};

/** Throws a RangeError unless `a` is a non-empty square (batched) matrix. */
export function requireSquare(a: Tensor, who: string): void {
  if (a.rows !== a.cols || a.rows === 0) {
    throw new RangeError(`${who}: expected a non-empty square matrix, got ${a.batch > 1 ? `${a.batch}×` : ''}${a.rows}×${a.cols}`);
  }
}

/** Health numbers of each batch item of a: tensor (batch, 1, 4) = [maxAbs, maxAsymmetry, nonFinite, minAbsDiagonal]. */
export function matrixHealth(be: AnyBackend, a: Tensor): Tensor {
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const src = cpu.view(a);
      const out = new Float64Array(a.batch * 4);
      const { rows, cols } = a;
      for (let z = 0; z < a.batch; z++) {
        const base = z * rows * cols;
        let largest = 0, asymmetry = 0, nonFinite = 0, smallestDiagonal = Infinity;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const x = src[base + i * cols + j];
            if (!Number.isFinite(x)) { nonFinite++; continue; }
            largest = Math.max(largest, Math.abs(x));
            if (i === j) smallestDiagonal = Math.min(smallestDiagonal, Math.abs(x));
            const y = rows === cols && j > i ? src[base + j * cols + i] : x;
            if (Number.isFinite(y)) asymmetry = Math.max(asymmetry, Math.abs(x - y));
          }
        }
        out.set([largest, asymmetry, nonFinite, smallestDiagonal], z * 4);
      }
      return cpu.upload(out, { batch: a.batch, rows: 1, cols: 4 });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ batch: a.batch, rows: 1, cols: 4 });
      const pipeline = gpu.pipelines.get({ name: 'matrix_checks', code: matrixChecksWgsl, entryPoint: 'health' });
      const { groupsX, groups } = gpu.grid(a.batch);
      gpu.dispatch(pipeline, [gpu.buffer(a, 'matrix health'), gpu.buffer(out)], MATRIX_CHECKS_PARAMS.of({ rows: a.rows, cols: a.cols, groupsX, outStride: 4, batch: a.batch }), groups);
      return out;
    }
    default:
      return assertNever(be);
  }
}

/** Reads a matrixHealth tensor back, one entry per batch item (f32's 3e38 "no diagonal" maps to Infinity). */
export async function readMatrixHealth(be: Backend, health: Tensor): Promise<MatrixHealth[]> {
  const v = await be.read(health);
  const out: MatrixHealth[] = [];
  for (let z = 0; z < health.batch; z++) {
    const d = v[z * 4 + 3];
    out.push({ maxAbs: v[z * 4], maxAsymmetry: v[z * 4 + 1], nonFinite: v[z * 4 + 2], minAbsDiagonal: d >= 3e38 ? Infinity : d });
  }
  return out;
}

/** Throws a RangeError naming the first batch item with NaN or ±Infinity entries. */
export function requireFinite(health: MatrixHealth[], who: string, what = 'matrix'): void {
  health.forEach((h, z) => {
    if (h.nonFinite > 0) {
      const item = health.length > 1 ? ` (batch item ${z})` : '';
      throw new RangeError(`${who}: ${what}${item} has ${h.nonFinite} non-finite entries (NaN or ±Infinity)`);
    }
  });
}

/** Unit roundoff of a backend's arithmetic. */
export function unitRoundoff(be: Backend): number {
  return be.precision === 'f32' ? 2 ** -24 : 2 ** -53;
}

/**
 * Owns the intermediates of one async routine: tracked tensors leave any enclosing tidy and are
 * freed by dispose(), except those handed to the caller with release().
 */
export class Scratch {
  private readonly owned = new Set<Tensor>();
  constructor(private readonly be: Backend) {}

  track<T extends Tensor>(t: T): T {
    this.be.keep(t);
    this.owned.add(t);
    return t;
  }

  /** Frees a tracked tensor early. */
  free(t: Tensor): void {
    if (this.owned.delete(t)) this.be.dispose(t);
  }

  /** Stops tracking a tensor that is returned to the caller. */
  release<T extends Tensor>(t: T): T {
    this.owned.delete(t);
    return this.be.keep(t);
  }

  dispose(): void {
    for (const t of this.owned) this.be.dispose(t);
    this.owned.clear();
  }
}
