// ℓp regression of sampled problems by batched IRLS on the backend: many row weightings of min ‖Ax − b‖_p at once.
import type { Backend, Tensor } from '../../engine/backend';
import { choleskyFactor } from '../../linalg/choleskyKernels';
import { triangularSolve } from '../../linalg/solve';
import { absPower, positivePower } from '../../linalg/rowScores';
import { Scratch } from '../../linalg/matrixChecksKernels';

/**
 * Ridge relative to G's own diagonal (λ·diag(G), scale-free per coordinate): keeps a sample that misses a direction
 * solvable, without the bias a ridge relative to tr(G) has once a few spike rows with tiny residuals dominate G.
 */
const RIDGE = 1e-6;

/**
 * For each of `trials` row weightings s (1/πᵢ on sampled rows, 0 elsewhere), x_t ≈ argmin Σᵢ sᵢ|aᵢx − bᵢ|^p by
 * iteratively reweighted least squares: ωᵢ = max(|rᵢ|, δ)^{p−2}, x ← (AᵀSΩA + λI)⁻¹AᵀSΩb (Cholesky on the backend,
 * λ = 1e-6·diag(G) added), starting from ω = 1 (least squares). δ smooths |r|^{p−2} where residuals vanish (p < 2).
 * Returns each x_t's cost on the full problem, ‖Ax_t − b‖_p^p.
 * @param a (n, d); b (n, 1); weights trials×n row-major
 * @returns Float64Array(trials); NaN never (a clear error instead)
 */
export async function regressionCosts(
  be: Backend, a: Tensor, b: Tensor, weights: Float64Array, trials: number, p: number, steps: number, delta: number,
): Promise<Float64Array> {
  const { rows: n, cols: d } = a;
  if (weights.length !== trials * n) throw new RangeError(`regressionCosts: ${weights.length} weights for ${trials} trials of ${n} rows`);
  const scratch = new Scratch(be);
  try {
    const eye = new Float64Array(d * d);
    for (let k = 0; k < d; k++) eye[k * d + k] = 1;
    const s = scratch.track(be.upload(weights, { batch: trials, rows: n, cols: 1 }));
    const aRep = scratch.track(be.tidy(() => be.elementwise('mul', be.fill({ batch: trials, rows: n, cols: d }, 1), a)));
    const bRep = scratch.track(be.tidy(() => be.elementwise('mul', be.fill({ batch: trials, rows: n, cols: 1 }, 1), b)));
    const eyeRep = scratch.track(be.tidy(() => be.elementwise('mul', be.fill({ batch: trials, rows: d, cols: d }, 1), be.upload(eye, { rows: d, cols: d }))));
    let omega = scratch.track(be.fill({ batch: trials, rows: n, cols: 1 }, 1));
    let residual: Tensor | null = null;
    for (let step = 0; step < steps; step++) {
      const r = scratch.track(be.tidy(() => {
        const root = be.elementwise('sqrt', be.elementwise('mul', s, omega));
        const aw = be.elementwise('mul', aRep, root);
        const bw = be.elementwise('mul', bRep, root);
        const diagonal = be.reduce('sumSquares', aw, 'perCol'); // (trials, 1, d) = diag(AwᵀAw)
        const gram = be.elementwise('add', be.matmul(aw, aw, { transA: true }), be.elementwise('mul', eyeRep, diagonal, RIDGE));
        const factor = choleskyFactor(be, gram).factor;
        const y = triangularSolve(be, factor, be.matmul(aw, bw, { transA: true }), { lower: true });
        const x = triangularSolve(be, factor, y, { lower: true, transpose: true }); // (trials, d, 1)
        return be.elementwise('add', be.matmul(a, x), bRep, 1, -1); // (trials, n, 1)
      }));
      if (residual) scratch.free(residual);
      residual = r;
      scratch.free(omega);
      omega = scratch.track(p === 2
        ? be.fill({ batch: trials, rows: n, cols: 1 }, 1)
        : be.tidy(() => positivePower(be, be.elementwise('max', be.elementwise('abs', r), be.fill({ rows: 1, cols: 1 }, delta)), p - 2)));
    }
    if (!residual) throw new RangeError('regressionCosts: needs at least one IRLS step');
    const finalResidual = residual;
    const costs = await be.read(scratch.track(be.tidy(() => be.reduce('sum', absPower(be, finalResidual, p), 'all'))));
    costs.forEach((c, t) => {
      if (!Number.isFinite(c)) throw new Error(`regressionCosts: IRLS for p = ${p} produced a non-finite cost in trial ${t} (the weighted problem is too ill-conditioned)`);
    });
    return costs;
  } finally {
    scratch.dispose();
  }
}
