// The von Neumann entropy S = −tr(ρ log ρ) of a latent batch's normalized covariance ρ = Cov(z)/tr Cov(z), and ∂S/∂z.
import type { Backend, Tensor } from '../../engine/backend';
import { eigh } from '../../linalg/eigh';

/** Added to Cov(z)'s diagonal (as the paper's code does) so ρ stays positive definite and log ρ finite. */
export const COVARIANCE_JITTER = 1e-8;
/** Eigenvalues of ρ are floored here before the logarithm. */
const EIGENVALUE_FLOOR = 1e-8;

export type EntropyResult = {
  /** S = −Σᵢ λᵢ log λᵢ over ρ's eigenvalues: 0 for a rank-1 latent, log k for an isotropic one. */
  entropy: number;
  /** ρ's eigenvalues, descending, summing to 1: how the latent variance spreads over its k directions. */
  spectrum: number[];
  /** ∂S/∂z, (N, k), when asked for; the caller owns it. */
  grad: Tensor | null;
};

/**
 * Von Neumann entropy of the latent covariance, through eigh on the backend.
 * Σ = z̃ᵀz̃/(N − 1) + εI with z̃ = z − mean, ρ = Σ/tr Σ = V diag(λ) Vᵀ, S = −Σ λᵢ log λᵢ.
 * Gradient: ∂S/∂ρ = −V diag(log λᵢ + 1) Vᵀ; through ρ = Σ/t, ∂S/∂Σ = −V diag(log λᵢ + S) Vᵀ / t (using
 * tr(∂S/∂ρ·ρ) = S − 1); through Σ, ∂S/∂z = 2 z̃ (∂S/∂Σ)/(N − 1) (already mean-free, so centering passes it through).
 * @param z (N, k) latent codes as rows, N ≥ 2
 */
export async function vonNeumannEntropy(be: Backend, z: Tensor, o: { grad: boolean }): Promise<EntropyResult> {
  const { rows: n, cols: k } = z;
  if (z.batch !== 1 || n < 2 || k < 1) throw new RangeError(`vonNeumannEntropy: need an unbatched (N ≥ 2, k ≥ 1) latent batch, got ${z.batch}×${n}×${k}`);
  const centered = be.tidy(() => {
    const mean = be.elementwise('scale', be.reduce('sum', z, 'perCol'), null, 1 / n);
    return be.elementwise('add', z, mean, 1, -1);
  });
  const covariance = be.tidy(() => {
    const jitter = new Float64Array(k * k);
    for (let i = 0; i < k; i++) jitter[i * k + i] = COVARIANCE_JITTER;
    return be.elementwise('add', be.matmul(centered, centered, { transA: true }), be.upload(jitter, { rows: k, cols: k }), 1 / (n - 1), 1);
  });
  let vectors: Tensor | null = null;
  try {
    const decomposition = await eigh(be, covariance);
    vectors = decomposition.vectors;
    const trace = decomposition.values.reduce((s, v) => s + v, 0);
    // A trace at the jitter's level means Cov(z) = 0: ρ would be the jitter's isotropic I/k, an entropy of log k that says nothing.
    if (!Number.isFinite(trace) || !(trace > 2 * k * COVARIANCE_JITTER)) {
      throw new RangeError(`vonNeumannEntropy: the latent covariance has trace ${trace}; the codes are constant (or not finite), so ρ is undefined`);
    }
    const spectrum = Array.from(decomposition.values, (v) => Math.max(v / trace, EIGENVALUE_FLOOR));
    const entropy = -spectrum.reduce((s, l) => s + l * Math.log(l), 0);
    if (!o.grad) return { entropy, spectrum, grad: null };
    const weights = spectrum.map((l) => -(Math.log(l) + entropy) / trace);
    const V = vectors;
    const grad = be.tidy(() => {
      const dSigma = be.matmul(be.elementwise('mul', V, be.upload(weights, { rows: 1, cols: k })), V, { transB: true }); // V diag(w) Vᵀ
      return be.elementwise('scale', be.matmul(centered, dSigma), null, 2 / (n - 1));
    });
    return { entropy, spectrum, grad };
  } finally {
    be.dispose(centered);
    be.dispose(covariance);
    if (vectors) be.dispose(vectors);
  }
}
