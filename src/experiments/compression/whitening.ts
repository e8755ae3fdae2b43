// The calibration whitening on the backend: C = XᵀX/N + λ·mean(diag)·I = QΛQᵀ, S = QΛ^½ and S⁻¹ = Λ^{-½}Qᵀ.
import type { Backend, Tensor } from '../../engine/backend';
import { eigh } from '../../linalg/eigh';

/** S (n×n) and S⁻¹ (n×n) with ‖A‖_C² = tr(A·C·Aᵀ) = ‖A·S‖_F²; the eigenvalues Λ of the damped gram (descending). */
export type Whitening = { S: Tensor; Sinv: Tensor; values: Float64Array };

/** The damped calibration gram XᵀX/N + λ·(‖X‖_F²/(N·n))·I of X (N×n); ‖X‖_F²/(N·n) is the mean of diag(XᵀX/N). */
export function dampedGram(be: Backend, X: Tensor, damping: number): Tensor {
  const { rows: N, cols: n } = X;
  if (X.batch !== 1 || N < 1) throw new RangeError(`dampedGram: X must be one N×n matrix with N ≥ 1, got ${X.batch}×${N}×${n}`);
  return be.tidy(() => {
    const C = be.elementwise('scale', be.matmul(X, X, { transA: true }), null, 1 / N, 0);
    const eye = be.upload(identity(n), { rows: n, cols: n });
    const lambdaI = be.elementwise('mul', eye, be.reduce('sumSquares', X, 'all'), damping / (N * n));
    return be.elementwise('add', C, lambdaI);
  });
}

/** The whitening of the calibration inputs X (N×n); the caller disposes S and Sinv. */
export async function calibrationWhitening(be: Backend, X: Tensor, damping: number): Promise<Whitening> {
  const C = dampedGram(be, X, damping);
  let Q: Tensor | null = null;
  try {
    const e = await eigh(be, C);
    Q = e.vectors;
    const n = X.cols;
    const root = Float64Array.from(e.values, (v) => Math.sqrt(Math.max(v, 0)));
    const invRoot = Float64Array.from(e.values, (v) => 1 / Math.sqrt(Math.max(v, 1e-300)));
    const q = Q;
    const { S, Sinv } = be.tidy(() => ({
      S: be.elementwise('mul', q, be.upload(root, { rows: 1, cols: n })),
      Sinv: be.elementwise('mul', be.transpose(q), be.upload(invRoot, { rows: n, cols: 1 })),
    }));
    return { S, Sinv, values: e.values };
  } finally {
    be.dispose(C);
    if (Q) be.dispose(Q);
  }
}

function identity(n: number): Float64Array {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}
