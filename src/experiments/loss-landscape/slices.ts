// Loss on a 1-D or 2-D slice θ + α·δ₁ + β·δ₂ of weight space, every grid point evaluated at once as a batch of nets.
import type { Backend, Tensor } from '../../engine/backend';
import type { Mlp } from '../../learn/mlp';
import { copySegment, gatherRows, reshape } from '../../learn/gatherKernels';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import type { DeviceDataset } from '../../learn/trainer';

/** Evenly spaced points from `lo` to `hi` (both included). */
export function linspace(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [(lo + hi) / 2];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** (α, β) pairs of a grid, β-major (row j of the result is β = ys[j]), flattened as [α₀, β₀, α₁, β₁, …]. */
export function gridCoefficients(xs: readonly number[], ys: readonly number[]): Float64Array {
  const out = new Float64Array(2 * xs.length * ys.length);
  let k = 0;
  for (const b of ys) {
    for (const a of xs) {
      out[k++] = a;
      out[k++] = b;
    }
  }
  return out;
}

/**
 * Mean loss and accuracy of `mlp` on `data` at θ + a_g·δ₁ + b_g·δ₂ for each pair g. The G weight vectors are
 * built by one matmul (G, 2)·(2, D), cut into batched weight tensors (G, out, in), and the whole batch of nets runs
 * forward together (matmul broadcasts the shared input); chunks bound the activations to `maxActivations` numbers.
 * One readback for the whole slice.
 * @param theta (1, D); directions (2, D); coefficients [a₀, b₀, a₁, b₁, …]
 */
export async function sliceLosses(
  be: Backend, mlp: Mlp, theta: Tensor, directions: Tensor, coefficients: ArrayLike<number>, data: DeviceDataset, maxActivations = 1 << 21,
): Promise<{ loss: number[]; accuracy: number[] }> {
  const G = coefficients.length / 2;
  const n = data.n;
  const D = theta.cols;
  const width = Math.max(...mlp.sizes.slice(1));
  const chunk = Math.max(1, Math.min(G, Math.floor(maxActivations / (n * width))));
  const result = be.keep(be.fill({ rows: G, cols: 2 }, 0));
  // sample rows repeated once per net: row k of the flattened batch is sample k mod n
  const repeat = be.keep(be.upload(Int32Array.from({ length: chunk * n }, (_, k) => k % n), { rows: chunk * n, cols: 1 }));
  try {
    for (let start = 0; start < G; start += chunk) {
      const g = Math.min(chunk, G - start);
      be.tidy(() => {
        const coeff = be.upload(Array.prototype.slice.call(coefficients, 2 * start, 2 * (start + g)), { rows: g, cols: 2 });
        const thetas = be.elementwise('add', be.matmul(coeff, directions), theta);
        let offset = 0;
        const weights = mlp.weightShapes.map((s) => {
          const size = s.rows * s.cols;
          const w = reshape(be, be.slice(thetas, 0, offset, g, size), { batch: g, rows: s.rows, cols: s.cols });
          offset += size;
          return w;
        });
        if (offset !== D) throw new RangeError(`sliceLosses: θ has ${D} entries, the model ${offset}`);
        const logits = mlp.forward(be, weights, data.X).logits;
        const flat = reshape(be, logits, { rows: g * n, cols: logits.cols });
        const labels = gatherRows(be, data.y, repeat, 0, g * n);
        const stats = softmaxCrossEntropy(be, flat, labels).rowStats;
        const sums = be.reduce('sum', reshape(be, stats, { batch: g, rows: n, cols: 2 }), 'perCol');
        copySegment(be, sums, 0, result, 2 * start, 2 * g);
      });
    }
    const v = await be.read(result);
    return {
      loss: Array.from({ length: G }, (_, i) => v[2 * i] / n),
      accuracy: Array.from({ length: G }, (_, i) => v[2 * i + 1] / n),
    };
  } finally {
    be.dispose(result);
    be.dispose(repeat);
  }
}
