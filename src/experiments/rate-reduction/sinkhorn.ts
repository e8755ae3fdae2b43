// MLC's doubly stochastic membership of unit features by Sinkhorn–Knopp in scaling-vector form (matmuls only, no reductions).
import type { Backend, Tensor } from '../../engine/backend';

/**
 * Π = diag(u)·K·diag(v) with K = exp((⟨z_i, z_j⟩ − 1)/τ) off the diagonal and 0 on it (a point is not its own
 * neighbor), after `iterations` rounds of u ← 1/(K·v), v ← 1/(Kᵀ·u). Ending on the v step makes the columns sum to 1
 * exactly; the rows approach 1 as the iteration converges (same limit as src/cluster/mcr2's sinkhorn).
 * @param z (n, d) unit-norm rows @returns Π (n×n row-major, read back) and the largest row and column errors
 */
export async function sinkhornMembership(be: Backend, z: Tensor, temperature: number, iterations: number): Promise<{ plan: Float64Array; rowError: number; colError: number }> {
  const n = z.rows;
  const planT = be.tidy(() => {
    const eye = be.upload(Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)), { rows: n, cols: n });
    const similarity = be.elementwise('exp', be.elementwise('scale', be.matmul(z, z, { transB: true }), null, 1 / temperature, -1 / temperature));
    const kernel = be.elementwise('mul', similarity, be.elementwise('add', be.fill({ rows: n, cols: n }, 1), eye, 1, -1));
    const ones = be.fill({ rows: n, cols: 1 }, 1);
    let u = ones;
    let v = ones;
    for (let it = 0; it < iterations; it++) {
      u = be.elementwise('div', ones, be.matmul(kernel, v));
      v = be.elementwise('div', ones, be.matmul(kernel, u, { transA: true }));
    }
    return be.elementwise('mul', be.elementwise('mul', kernel, u), be.transpose(v));
  });
  const plan = await be.read(planT).finally(() => be.dispose(planT));
  let rowError = 0;
  let colError = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < n; j++) {
      row += plan[i * n + j];
      col += plan[j * n + i];
    }
    rowError = Math.max(rowError, Math.abs(row - 1));
    colError = Math.max(colError, Math.abs(col - 1));
  }
  return { plan, rowError, colError };
}
