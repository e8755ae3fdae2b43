// Sparse plus low-rank weights W = s·B·A + S with S on a fixed support (SLTrain; LOST's init builds on it).
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import type { Parameterization } from './parameterization';
import { parameterCount, type WeightShape } from './model';
import { lowRankFactors } from './lowRank';
import { createSupport, densifyAdd, disposeSupport, gatherSupport, randomSupportIndices, type SparseSupport } from './sparseKernels';

/** Host values of one matrix's factors: B (out, r), A (r, in), and S's flat support indices with their values. */
export type SparseLowRankFactors = { B: Float64Array; A: Float64Array; support: ArrayLike<number>; values: Float64Array };

export type SparseLowRankOptions = {
  rank: number;
  /** s = alpha / rank; default alpha = rank (s = 1). */
  alpha?: number;
  /** δ, the fraction of each matrix's entries on the sparse support; SLTrain uses about 0.03. */
  density?: number;
};

/**
 * params = [B1, A1, S1, b1, …] with S_l the (nnz, 1) values on a support that never changes.
 * Trainable count per matrix: r·(out + in) + nnz, with nnz = ⌊δ·out·in⌋.
 */
export class SparseLowRankParameterization implements Parameterization {
  readonly kind = 'sparseLowRank';
  readonly params: Tensor[] = [];
  readonly supports: SparseSupport[] = [];
  private readonly slots: number[] = [];

  /** Builds from explicit factors (one per matrix, in order) and bias values (one per bias, in order). */
  constructor(private readonly be: Backend, readonly shapes: readonly WeightShape[], readonly rank: number, readonly scale: number, factors: SparseLowRankFactors[], biases: Float64Array[]) {
    let m = 0;
    let b = 0;
    for (const s of shapes) {
      this.slots.push(this.params.length);
      if (s.role === 'matrix') {
        const f = factors[m++];
        const support = createSupport(be, s.rows, s.cols, f.support);
        this.supports.push(support);
        // Values follow the support's ascending order.
        const order = Array.from(f.support, (idx, k) => [idx, k]).sort((x, y) => x[0] - y[0]);
        const values = Float64Array.from(order, ([, k]) => f.values[k]);
        this.params.push(
          be.keep(be.upload(f.B, { rows: s.rows, cols: rank })),
          be.keep(be.upload(f.A, { rows: rank, cols: s.cols })),
          be.keep(be.upload(values.length ? values : [0], { rows: Math.max(1, values.length), cols: 1 })),
        );
      } else {
        this.params.push(be.keep(be.upload(biases[b++] ?? new Float64Array(s.rows * s.cols), s)));
      }
    }
  }

  /**
   * SLTrain's init (andyjm3/SLTrain): B = 0, A ~ U(±1/√in), support = ⌊δ·out·in⌋ random entries,
   * S values ~ U(±1/√in), biases ~ U(±1/√out).
   */
  static sltrain(be: Backend, shapes: readonly WeightShape[], rng: Rng, o: SparseLowRankOptions): SparseLowRankParameterization {
    const density = o.density ?? 0.03;
    const factors: SparseLowRankFactors[] = [];
    const biases: Float64Array[] = [];
    for (const s of shapes) {
      if (s.role === 'matrix') {
        const { B, A } = lowRankFactors(rng, s.rows, s.cols, o.rank, true);
        const support = randomSupportIndices(rng, s.rows, s.cols, density);
        const bound = 1 / Math.sqrt(s.cols);
        factors.push({ B, A, support, values: Float64Array.from(support, () => (2 * rng.uniform() - 1) * bound) });
      } else {
        const bound = 1 / Math.sqrt(s.cols);
        biases.push(Float64Array.from({ length: s.cols }, () => (2 * rng.uniform() - 1) * bound));
      }
    }
    return new SparseLowRankParameterization(be, shapes, o.rank, (o.alpha ?? o.rank) / o.rank, factors, biases);
  }

  weights(): Tensor[] {
    let m = 0;
    return this.shapes.map((s, i) => {
      const slot = this.slots[i];
      if (s.role !== 'matrix') return this.params[slot];
      const product = this.be.matmul(this.params[slot], this.params[slot + 1]);
      return densifyAdd(this.be, product, this.supports[m++], this.params[slot + 2], this.scale);
    });
  }

  /** ∂L/∂B = s·G·Aᵀ, ∂L/∂A = s·Bᵀ·G, ∂L/∂S = G[support]. */
  backward(weightGrads: Tensor[]): Tensor[] {
    const out: Tensor[] = [];
    let m = 0;
    this.shapes.forEach((s, i) => {
      const G = weightGrads[i];
      if (s.role !== 'matrix') {
        out.push(G);
        return;
      }
      const slot = this.slots[i];
      const sG = this.scale === 1 ? G : this.be.elementwise('scale', G, null, this.scale);
      const support = this.supports[m++];
      const dS = support.nnz ? gatherSupport(this.be, G, support) : this.be.fill({ rows: 1, cols: 1 }, 0);
      out.push(this.be.matmul(sG, this.params[slot + 1], { transB: true }), this.be.matmul(this.params[slot], sG, { transA: true }), dS);
    });
    return out;
  }

  trainableCount(): number {
    return parameterCount(this.params) - this.supports.filter((s) => s.nnz === 0).length;
  }

  dispose(): void {
    for (const p of this.params) this.be.dispose(p);
    for (const s of this.supports) disposeSupport(this.be, s);
    this.params.length = 0;
    this.supports.length = 0;
  }
}
