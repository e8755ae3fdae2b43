// The shapes of self-test cases: a kernel against the float64 backend (webgpu rows) or an identity (cpu rows).
import type { Backend, Tensor } from '../backend';
import type { Rng } from '../../data/rng';

/**
 * One kernel family on awkward shapes, compared entrywise with the float64 cpu backend on the same inputs.
 * `run` draws its inputs from `rng` (the runner hands both backends the same seed) and returns output tensors
 * the runner reads and frees; it must free everything else it creates.
 */
export type KernelCase = {
  kernel: string;
  /** The WGSL files this case dispatches, relative to shaders/ (e.g. 'linalg/cholesky.wgsl'). */
  files: string[];
  shape: string;
  /** Bound on max |webgpu − float64| / max(1, max |float64|) over every output. */
  tolerance: number;
  /** Floating-point operations of one run, for a GFLOP/s column (matmul only). */
  flops?: number;
  /** Runs before and after `run` on the webgpu backend (to force a kernel choice), never on the reference. */
  setup?: () => void;
  teardown?: () => void;
  run: (be: Backend, rng: Rng) => Promise<Tensor[]>;
};

/**
 * An identity checked on one backend without a second implementation (QᵀQ = I, LLᵀ = A, a gradient against
 * central differences…). `residual` returns the relative violation, which must stay below `tolerance`.
 */
export type IdentityCase = {
  kernel: string;
  /** The WGSL files whose float64 twin (cpu) or kernel (webgpu) the identity exercises. */
  files: string[];
  /** The identity in words, e.g. 'QᵀQ = I and QR = A'. */
  check: string;
  shape: string;
  tolerance: number;
  residual: (be: Backend, rng: Rng) => Promise<number>;
};

/** f32-exact normals, so both backends see identical inputs and make identical discrete choices. */
export function normals32(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from(rng.normals(n, scale));
}

/** An f32-exact random matrix on `be`. */
export function randomTensor(be: Backend, rng: Rng, shape: { batch?: number; rows: number; cols: number }, scale = 1): Tensor {
  return be.upload(normals32(rng, (shape.batch ?? 1) * shape.rows * shape.cols, scale), shape);
}

/** ‖a − b‖_F / max(1e-300, ‖b‖_F) of two tensors of one shape, read back and freed. */
export async function relativeDifference(be: Backend, a: Tensor, b: Tensor): Promise<number> {
  const [x, y] = await Promise.all([be.read(a), be.read(b)]);
  be.dispose(a);
  be.dispose(b);
  if (x.length !== y.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - y[i]) ** 2;
    den += y[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(1e-300, Math.sqrt(den));
}

/** max |x − y| / max(1, max|y|) over equal-length arrays; Infinity when the lengths differ. */
export function scaledMaxError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let scale = 1;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]));
  let err = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    err = Math.max(err, Number.isNaN(d) ? Infinity : d / scale);
  }
  return err;
}
