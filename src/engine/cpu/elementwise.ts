// Float64 formulas of the elementwise family; the WGSL in shaders/common/elementwise.wgsl mirrors them.
import type { ElementwiseOp } from '../backend';

const GELU_C = Math.sqrt(2 / Math.PI);

/** One element of `op(a, b, alpha, beta)`, in float64. */
export function elementwiseReference(op: ElementwiseOp, a: number, b: number, alpha: number, beta: number): number {
  switch (op) {
    case 'add': return alpha * a + beta * b;
    case 'mul': return a * b * alpha;
    case 'div': return a / b;
    case 'max': return Math.max(a, b);
    case 'min': return Math.min(a, b);
    case 'scale': return alpha * a + beta;
    case 'relu': return a > 0 ? a : 0;
    case 'reluGrad': return a > 0 ? b : 0;
    case 'abs': return Math.abs(a);
    case 'sign': return a > 0 ? 1 : a < 0 ? -1 : 0;
    case 'sqrt': return Math.sqrt(a);
    case 'square': return a * a;
    case 'exp': return Math.exp(a);
    case 'log': return Math.log(a);
    case 'tanh': return Math.tanh(a);
    case 'gelu': return 0.5 * a * (1 + Math.tanh(GELU_C * (a + 0.044715 * a * a * a)));
    case 'clamp': return Math.min(Math.max(a, alpha), beta);
    default: {
      const never: never = op;
      throw new Error(`unsupported elementwise op: ${String(never)}`);
    }
  }
}

/** Whether an op reads its second operand. */
export function usesB(op: ElementwiseOp): boolean {
  return op === 'add' || op === 'mul' || op === 'div' || op === 'max' || op === 'min' || op === 'reluGrad';
}

/** Default alpha/beta of each op, so callers can omit them. */
export function defaultScalars(op: ElementwiseOp): [number, number] {
  switch (op) {
    case 'add': return [1, 1];
    case 'mul': return [1, 0];
    case 'scale': return [1, 0];
    case 'clamp': return [-Infinity, Infinity];
    default: return [0, 0];
  }
}
