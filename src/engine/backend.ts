// The one narrow interface every compute backend implements (webgpu and the float64 cpu twin).
import type { CpuBackend } from './cpu/cpuBackend';
import type { WebGpuBackend } from './webgpu/webgpuBackend';

/** Which backend runs the numbers. */
export type BackendKind = 'webgpu' | 'cpu';

/** Shape of a (possibly batched) matrix: `batch` row-major `rows×cols` matrices stored back to back. */
export type Shape = { batch: number; rows: number; cols: number };

/** An opaque handle to numbers that live inside a backend. Only the engine reads its storage. */
export interface Tensor extends Shape {
  readonly id: number;
  readonly backend: BackendKind;
}

/**
 * Elementwise operations, `out = f(a, b, alpha, beta)`, with `b` broadcast when it is
 * 1×1, 1×cols (a row vector), rows×1 (a column vector) or unbatched.
 * Unary ops ignore `b`. See `elementwiseReference` in cpu/elementwise.ts for each formula.
 */
export type ElementwiseOp =
  | 'add' // alpha*a + beta*b
  | 'mul' // a*b*alpha
  | 'div' // a/b
  | 'max' // max(a, b)
  | 'min' // min(a, b)
  | 'scale' // alpha*a + beta
  | 'relu' // max(a, 0)
  | 'reluGrad' // b where a > 0 else 0  (a: pre-activation, b: upstream gradient)
  | 'abs'
  | 'sign'
  | 'sqrt'
  | 'square'
  | 'exp'
  | 'log'
  | 'tanh'
  | 'gelu' // tanh approximation, as in GPT-2
  | 'clamp'; // min(max(a, alpha), beta)

export const ELEMENTWISE_OPS: readonly ElementwiseOp[] = [
  'add', 'mul', 'div', 'max', 'min', 'scale', 'relu', 'reluGrad', 'abs', 'sign', 'sqrt', 'square', 'exp', 'log', 'tanh', 'gelu', 'clamp',
];

/** Reductions. 'argmax' returns the index (as a float) of the first maximum. */
export type ReduceOp = 'sum' | 'sumSquares' | 'norm' | 'max' | 'min' | 'argmax' | 'maxAbs';
export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'sumSquares', 'norm', 'max', 'min', 'argmax', 'maxAbs'];

/** What a reduction runs over: each row (→ rows×1), each column (→ 1×cols), or everything (→ 1×1), per batch item. */
export type ReduceAxis = 'perRow' | 'perCol' | 'all';

export type MatmulOptions = { transA?: boolean; transB?: boolean };

/** Static facts about the device that upper layers may size work by. */
export type BackendLimits = { maxBufferBytes: number; maxWorkgroupStorageBytes: number; maxInvocations: number };

/**
 * The engine's compute interface, which each backend class implements. Operations are synchronous
 * enqueues that return new tensors; only `read` waits. Tensors created inside `tidy` are freed when it
 * returns, except those reachable from its result, so buffer lifetimes never reach the caller.
 */
export interface BackendOps {
  readonly kind: BackendKind;
  /** 'f32' on webgpu, 'f64' on cpu. */
  readonly precision: 'f32' | 'f64';
  readonly limits: BackendLimits;

  /** Copies host numbers in. `data.length` must equal batch*rows*cols. */
  upload(data: ArrayLike<number>, shape: Partial<Shape> & { rows: number; cols: number }): Tensor;
  /** A tensor filled with `value`. */
  fill(shape: Partial<Shape> & { rows: number; cols: number }, value: number): Tensor;
  /** Copies the numbers back to the host (float64 on cpu, float32 widened on webgpu). */
  read(t: Tensor): Promise<Float64Array>;
  /** Frees a tensor now. Freeing twice is an error. */
  dispose(t: Tensor): void;
  /** Runs `fn`, then frees every tensor it created that is not reachable from its result. */
  tidy<T>(fn: () => T): T;
  /** Exempts a tensor from the enclosing `tidy`. */
  keep<T extends Tensor>(t: T): T;
  /** Number of tensors allocated and not yet freed (tests use it to catch leaks). */
  liveTensors(): number;

  /** C = op(A)·op(B), batched; a batch of 1 broadcasts. A: [b, m, k] (or [b, k, m] with transA). */
  matmul(a: Tensor, b: Tensor, o?: MatmulOptions): Tensor;
  /** Elementwise `f(a, b, alpha, beta)`; see ElementwiseOp. */
  elementwise(op: ElementwiseOp, a: Tensor, b?: Tensor | null, alpha?: number, beta?: number): Tensor;
  /** Reduction over rows, columns or everything, per batch item. */
  reduce(op: ReduceOp, a: Tensor, axis: ReduceAxis): Tensor;
  /** Transposes each batch item: [b, m, n] → [b, n, m]. */
  transpose(a: Tensor): Tensor;
  /** Copies a rectangular block [r0, r0+rows) × [c0, c0+cols) out of each batch item. */
  slice(a: Tensor, r0: number, c0: number, rows: number, cols: number): Tensor;

  /** Frees everything and the device. The backend cannot be used afterwards. */
  destroy(): void;
}

/**
 * Every backend there is, told apart by its literal `kind`: code that branches on the device takes this, so
 * `switch (be.kind)` narrows `be` to the class with the device's own methods, and `default: return assertNever(be)`
 * stops compiling when a third backend joins the union. Code that only calls the interface takes `Backend`.
 */
export type AnyBackend = CpuBackend | WebGpuBackend;

/**
 * What engine code holds and passes along: the same closed union (each member implements `BackendOps`), so a
 * caller that only calls the ops can hand its backend to one that branches without a cast.
 */
export type Backend = AnyBackend;

/** The `default` of a switch over `AnyBackend['kind']`: accepts only `never`, so a kind left unhandled fails to compile. */
export function assertNever(be: never): never {
  const unhandled: { kind?: unknown } = be;
  throw new Error(`unsupported backend: ${String(unhandled.kind)}`);
}

/** Shape helpers shared by both backends. */
export function fullShape(s: Partial<Shape> & { rows: number; cols: number }): Shape {
  return { batch: s.batch ?? 1, rows: s.rows, cols: s.cols };
}

export function sizeOf(s: Shape): number {
  return s.batch * s.rows * s.cols;
}

/** The output shape of matmul, or a clear error when the inner dimensions disagree. */
export function matmulShape(a: Shape, b: Shape, o: MatmulOptions = {}): Shape & { k: number } {
  const m = o.transA ? a.cols : a.rows;
  const ka = o.transA ? a.rows : a.cols;
  const kb = o.transB ? b.cols : b.rows;
  const n = o.transB ? b.rows : b.cols;
  if (ka !== kb) {
    throw new RangeError(
      `matmul: inner dimensions differ: ${o.transA ? 'Aᵀ' : 'A'} is ${m}×${ka}, ${o.transB ? 'Bᵀ' : 'B'} is ${kb}×${n}`,
    );
  }
  if (a.batch !== b.batch && a.batch !== 1 && b.batch !== 1) {
    throw new RangeError(`matmul: batch sizes ${a.batch} and ${b.batch} differ and neither is 1`);
  }
  return { batch: Math.max(a.batch, b.batch), rows: m, cols: n, k: ka };
}

/** How `b` broadcasts against `a` in an elementwise op. */
export type Broadcast = 'none' | 'same' | 'scalar' | 'row' | 'col';

export function broadcastKind(a: Shape, b: Shape | null | undefined): Broadcast {
  if (!b) return 'none';
  if (b.batch !== a.batch && b.batch !== 1) {
    throw new RangeError(`elementwise: batch ${b.batch} does not broadcast to ${a.batch}`);
  }
  if (b.rows === a.rows && b.cols === a.cols) return 'same';
  if (b.rows === 1 && b.cols === 1) return 'scalar';
  if (b.rows === 1 && b.cols === a.cols) return 'row';
  if (b.cols === 1 && b.rows === a.rows) return 'col';
  throw new RangeError(`elementwise: ${b.rows}×${b.cols} does not broadcast to ${a.rows}×${a.cols}`);
}

export function reduceShape(a: Shape, axis: ReduceAxis): Shape {
  if (axis === 'perRow') return { batch: a.batch, rows: a.rows, cols: 1 };
  if (axis === 'perCol') return { batch: a.batch, rows: 1, cols: a.cols };
  return { batch: a.batch, rows: 1, cols: 1 };
}

export function unsupported(what: never | string): never {
  throw new Error(`unsupported: ${String(what)}`);
}
