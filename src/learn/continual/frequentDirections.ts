// A frequent-directions sketch of a stream of column blocks, kept on the device (CoSO's task-specific component).
import type { Backend, Tensor } from '../../engine/backend';
import { svd, type SvdMethod } from '../../linalg/svd';

/** [A, B] side by side, via A·[I, 0] + B·[0, I] (the engine has no concatenation). @param A (m, p); B (m, q) */
export function concatColumns(be: Backend, A: Tensor, B: Tensor): Tensor {
  const p = A.cols;
  const q = B.cols;
  const left = new Float64Array(p * (p + q));
  const right = new Float64Array(q * (p + q));
  for (let i = 0; i < p; i++) left[i * (p + q) + i] = 1;
  for (let i = 0; i < q; i++) right[i * (p + q) + p + i] = 1;
  return be.elementwise('add', be.matmul(A, be.upload(left, { rows: p, cols: p + q })), be.matmul(B, be.upload(right, { rows: q, cols: p + q })));
}

/**
 * Frequent directions with ℓ rows of memory, on columns: B ← shrink(top-ℓ SVD of [B, M]) with
 * σ'_i = √max(σ_i² − σ_{ℓ+1}², 0), B = U₁[:, :ℓ]·diag(σ'). BBᵀ ≼ Σ MMᵀ, and the error is bounded by the
 * discarded σ_{ℓ+1}² (Liberty 2013; CoSO's DoubleSVD). The first block is kept as is.
 */
export class FrequentDirections {
  /** U₁[:, :ℓ] (m, ℓ), orthonormal columns; null before the first block. */
  basis: Tensor | null = null;
  /** σ' of the sketch, descending (length ℓ). */
  sigma: Float64Array = new Float64Array(0);
  svds = 0;
  private sketch: Tensor | null = null;

  constructor(private readonly be: Backend, readonly ell: number, private readonly method: SvdMethod = 'auto') {}

  /** Folds in a block given as its top singular pairs: M = U·diag(S), U (m, ℓ). Takes ownership of U. */
  async append(U: Tensor, S: ArrayLike<number>, seed: number): Promise<void> {
    const be = this.be;
    const ell = this.ell;
    if (U.cols !== ell || S.length < ell) throw new RangeError(`FrequentDirections: expected ${ell} directions, got ${U.cols}`);
    const diag = Array.from({ length: ell }, (_, i) => S[i]);
    const M = be.tidy(() => be.elementwise('mul', U, be.upload(diag, { rows: 1, cols: ell })));
    if (!this.sketch) {
      this.replace(M, U, Float64Array.from(diag));
      return;
    }
    be.dispose(U);
    const stacked = be.tidy(() => concatColumns(be, this.sketch!, M));
    be.dispose(M);
    const k = Math.min(ell + 1, stacked.rows, stacked.cols);
    let result;
    try {
      result = await svd(be, stacked, { k, method: this.method, seed });
      this.svds++;
    } finally {
      be.dispose(stacked);
    }
    be.dispose(result.V);
    const floor = k > ell ? result.S[ell] ** 2 : 0;
    const shrunk = Float64Array.from({ length: ell }, (_, i) => Math.sqrt(Math.max((result.S[i] ?? 0) ** 2 - floor, 0)));
    const basis = be.tidy(() => be.slice(result.U, 0, 0, result.U.rows, ell));
    be.dispose(result.U);
    const sketch = be.tidy(() => be.elementwise('mul', basis, be.upload(shrunk, { rows: 1, cols: ell })));
    this.replace(sketch, basis, shrunk);
  }

  /** How many leading directions hold less than `threshold` of the sketch's energy in their cumulative sum (CoSO's rule). */
  rankFor(threshold: number): number {
    const total = this.sigma.reduce((s, x) => s + x * x, 0);
    if (!(total > 0)) return 0;
    let cumulative = 0;
    let count = 0;
    for (const s of this.sigma) {
      cumulative += (s * s) / total;
      if (cumulative < threshold) count++;
    }
    return count;
  }

  dispose(): void {
    if (this.sketch) this.be.dispose(this.sketch);
    if (this.basis) this.be.dispose(this.basis);
    this.sketch = null;
    this.basis = null;
    this.sigma = new Float64Array(0);
  }

  private replace(sketch: Tensor, basis: Tensor, sigma: Float64Array): void {
    this.dispose();
    this.sketch = this.be.keep(sketch);
    this.basis = this.be.keep(basis);
    this.sigma = sigma;
  }
}
