// Float64 central finite differences for gradient checks on the cpu backend (tests, and Hessian-vector checks later).
import type { Tensor } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';

/**
 * ∂f/∂t for every entry of every tensor, by (f(t + ε) − f(t − ε)) / 2ε, perturbing the tensors' storage in place
 * (and restoring it). `f` must read the tensors afresh each call.
 */
export function centralDifferences(be: CpuBackend, tensors: readonly Tensor[], f: () => number, eps = 1e-6): Float64Array[] {
  return tensors.map((t) => {
    const x = be.view(t);
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const keep = x[i];
      x[i] = keep + eps;
      const up = f();
      x[i] = keep - eps;
      const down = f();
      x[i] = keep;
      g[i] = (up - down) / (2 * eps);
    }
    return g;
  });
}

/** centralDifferences for an `f` that must await (a loss that reads back or runs eigh, say). */
export async function centralDifferencesAsync(be: CpuBackend, tensors: readonly Tensor[], f: () => Promise<number>, eps = 1e-6): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (const t of tensors) {
    const x = be.view(t);
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const keep = x[i];
      x[i] = keep + eps;
      const up = await f();
      x[i] = keep - eps;
      const down = await f();
      x[i] = keep;
      g[i] = (up - down) / (2 * eps);
    }
    out.push(g);
  }
  return out;
}

/** max_i |a_i − b_i| / max(1e-12, max_i |b_i|): the error of a gradient relative to its scale. */
export function relativeGradientError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`relativeGradientError: lengths ${a.length} and ${b.length}`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / Math.max(1e-12, scale);
}
