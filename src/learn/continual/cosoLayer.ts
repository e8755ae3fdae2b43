// CoSO for one weight matrix: Adam in the top-r subspace of the gradient projected off the historical subspace; FD sketch → history at task end.
import type { Backend, Tensor } from '../../engine/backend';
import { svd, type SvdMethod } from '../../linalg/svd';
import { adamDirection, addScaledInPlace, type AdamHyper } from '../galore/projectedAdam';
import { concatColumns, FrequentDirections } from './frequentDirections';

export type CosoOptions = {
  /** r₁: rank of the current optimization subspace. */
  projRank: number;
  /** r₂ = ℓ: directions the frequent-directions sketch keeps. */
  sketchRank: number;
  /** Steps between SVD refreshes of the current subspace (and sketch updates). */
  gap: number;
  /** Energy fraction of the sketch that joins the history at task end. */
  threshold: number;
  svdMethod?: SvdMethod;
};

/**
 * W (m×n) with gradient G (m×n), left projections as in the official CoSO (output space):
 *   G' = G − H·HᵀG (H: m×k historical, orthonormal columns);  every T steps P = top-r₁ left singular vectors of G',
 *   and (U Σ)[:, :r₂] of G' is folded into the FD sketch;  R = PᵀG';  W ← W − lr·P·ψ(R) (ψ: Adam step).
 * At task end the sketch's leading directions (cumulative energy < threshold) are appended to H, and the
 * moments, step count, P and sketch are reset.
 */
export class CosoLayer {
  history: Tensor | null = null;
  P: Tensor | null = null;
  svds = 0;
  private readonly fd: FrequentDirections;
  private m: Tensor;
  private v: Tensor;
  private t = 0;
  private refreshedAt = -1;

  constructor(private readonly be: Backend, readonly rows: number, readonly cols: number, readonly o: CosoOptions) {
    if (Math.max(o.projRank, o.sketchRank) > Math.min(rows, cols)) throw new RangeError(`CosoLayer: ranks ${o.projRank}/${o.sketchRank} exceed the ${rows}×${cols} weight`);
    this.fd = new FrequentDirections(be, o.sketchRank, o.svdMethod);
    this.m = be.keep(be.fill({ rows: o.projRank, cols }, 0));
    this.v = be.keep(be.fill({ rows: o.projRank, cols }, 0));
  }

  /** Columns of H. */
  get historyDim(): number {
    return this.history?.cols ?? 0;
  }

  due(): boolean {
    return this.refreshedAt !== this.t && (this.P === null || this.t % this.o.gap === 0);
  }

  /** G' = G − H·HᵀG (G itself before any history). */
  orthogonalized(G: Tensor): Tensor {
    const H = this.history;
    return H ? this.be.elementwise('add', G, this.be.matmul(H, this.be.matmul(H, G, { transA: true })), 1, -1) : G;
  }

  /** New current subspace and sketch update from this step's gradient (two SVDs once the sketch exists). */
  async refresh(G: Tensor, seed: number): Promise<void> {
    const be = this.be;
    const { projRank: r1, sketchRank: r2 } = this.o;
    const projected = be.tidy(() => {
      const g = this.orthogonalized(G);
      return g === G ? be.elementwise('scale', G, null, 1, 0) : g;
    });
    let result;
    try {
      result = await svd(be, projected, { k: Math.max(r1, r2), method: this.o.svdMethod ?? 'auto', seed });
      this.svds++;
    } finally {
      be.dispose(projected);
    }
    be.dispose(result.V);
    const S = result.S;
    // Directions with σ ≈ 0 are arbitrary completions, not in range(G'); they get a zero column so the update never leaves H⊥.
    const mask = Array.from({ length: r1 }, (_, i) => (S[i] > 1e-6 * S[0] ? 1 : 0));
    const P = be.keep(be.tidy(() => be.elementwise('mul', be.slice(result.U, 0, 0, this.rows, r1), be.upload(mask, { rows: 1, cols: r1 }))));
    const sketchU = be.tidy(() => be.slice(result.U, 0, 0, this.rows, r2));
    be.dispose(result.U);
    if (this.P) be.dispose(this.P);
    this.P = P;
    const before = this.fd.svds;
    await this.fd.append(sketchU, S, seed + 1);
    this.svds += this.fd.svds - before;
    this.refreshedAt = this.t;
  }

  /** One Adam step in the current subspace, in place. Call inside `tidy`. */
  step(W: Tensor, G: Tensor, lr: number, h: AdamHyper): void {
    if (!this.P || this.due()) throw new Error('CosoLayer: refresh(G) is due before step()');
    const be = this.be;
    this.t++;
    const R = be.matmul(this.P, this.orthogonalized(G), { transA: true });
    const Z = adamDirection(be, R, this.m, this.v, h, this.t);
    addScaledInPlace(be, W, be.matmul(this.P, Z), lr);
  }

  /** Appends the sketch's leading directions to H and resets the per-task state; returns how many were added. */
  endTask(): number {
    const be = this.be;
    const add = this.fd.basis ? this.fd.rankFor(this.o.threshold) : 0;
    if (add > 0) {
      const fresh = be.tidy(() => be.slice(this.fd.basis!, 0, 0, this.rows, add));
      const next = this.history ? be.keep(be.tidy(() => concatColumns(be, this.history!, fresh))) : be.keep(fresh);
      if (this.history) {
        be.dispose(this.history);
        be.dispose(fresh);
      }
      this.history = next;
    }
    this.fd.dispose();
    if (this.P) be.dispose(this.P);
    this.P = null;
    for (const t of [this.m, this.v]) be.dispose(t);
    this.m = be.keep(be.fill({ rows: this.o.projRank, cols: this.cols }, 0));
    this.v = be.keep(be.fill({ rows: this.o.projRank, cols: this.cols }, 0));
    this.t = 0;
    this.refreshedAt = -1;
    return add;
  }

  dispose(): void {
    for (const t of [this.history, this.P, this.m, this.v]) if (t) this.be.dispose(t);
    this.history = null;
    this.P = null;
    this.fd.dispose();
  }
}
