// Low-rank weights W = s·B·A (B (out, r), A (r, in)) for every weight matrix; biases stay dense.
import type { Backend, Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import type { Parameterization } from './parameterization';
import { parameterCount, type WeightShape } from './model';

export type LowRankOptions = {
  rank: number;
  /** s = alpha / rank (LoRA's convention); default alpha = rank, so s = 1. */
  alpha?: number;
  /**
   * 'linear' (default): A ~ U(±1/√in), B ~ U(±1/√r), what two stacked nn.Linear layers get;
   * 'zeroB': B = 0 (LoRA / SLTrain), so W starts at 0.
   */
  init?: 'linear' | 'zeroB';
};

/** Host values for one factor pair and a bias, drawn from `rng`. */
export function lowRankFactors(rng: Rng, out: number, inp: number, rank: number, zeroB: boolean): { B: Float64Array; A: Float64Array } {
  const uniform = (n: number, bound: number) => Float64Array.from({ length: n }, () => (2 * rng.uniform() - 1) * bound);
  const A = uniform(rank * inp, 1 / Math.sqrt(inp));
  const B = zeroB ? new Float64Array(out * rank) : uniform(out * rank, 1 / Math.sqrt(rank));
  return { B, A };
}

/**
 * params = [B1, A1, b1, B2, A2, b2, …] (per matrix B, A; per bias the bias itself).
 * Trainable count r·(out + in) per matrix plus the biases.
 */
export class LowRankParameterization implements Parameterization {
  readonly kind: string = 'lowRank';
  readonly params: Tensor[] = [];
  readonly scale: number;
  /** For each weight: the index of its B in params (A follows), or of its bias. */
  protected readonly slots: number[] = [];

  /** @param shapes the model's weights; `biases` are the initial bias values (taken from the dense init). */
  constructor(protected readonly be: Backend, readonly shapes: readonly WeightShape[], rng: Rng, readonly options: LowRankOptions, biases?: Float64Array[]) {
    const r = options.rank;
    this.scale = (options.alpha ?? r) / r;
    let biasIndex = 0;
    for (const s of shapes) {
      this.slots.push(this.params.length);
      if (s.role === 'matrix') {
        if (!(r >= 1 && r <= Math.min(s.rows, s.cols))) throw new RangeError(`lowRank: rank ${r} does not fit a ${s.rows}×${s.cols} matrix`);
        const { B, A } = lowRankFactors(rng, s.rows, s.cols, r, options.init === 'zeroB');
        this.params.push(be.keep(be.upload(B, { rows: s.rows, cols: r })), be.keep(be.upload(A, { rows: r, cols: s.cols })));
      } else {
        const values = biases?.[biasIndex++] ?? new Float64Array(s.rows * s.cols);
        this.params.push(be.keep(be.upload(values, s)));
      }
    }
  }

  /** s·B·A for one matrix slot. */
  protected lowRankProduct(slot: number): Tensor {
    const product = this.be.matmul(this.params[slot], this.params[slot + 1]);
    return this.scale === 1 ? product : this.be.elementwise('scale', product, null, this.scale);
  }

  weights(): Tensor[] {
    return this.shapes.map((s, i) => (s.role === 'matrix' ? this.lowRankProduct(this.slots[i]) : this.params[this.slots[i]]));
  }

  /** ∂L/∂B = s·G·Aᵀ, ∂L/∂A = s·Bᵀ·G for G = ∂L/∂W. */
  backward(weightGrads: Tensor[]): Tensor[] {
    const out: Tensor[] = [];
    this.shapes.forEach((s, i) => {
      const G = weightGrads[i];
      if (s.role !== 'matrix') {
        out.push(G);
        return;
      }
      const slot = this.slots[i];
      const sG = this.scale === 1 ? G : this.be.elementwise('scale', G, null, this.scale);
      out.push(this.be.matmul(sG, this.params[slot + 1], { transB: true }), this.be.matmul(this.params[slot], sG, { transA: true }));
    });
    return out;
  }

  trainableCount(): number {
    return parameterCount(this.params);
  }

  dispose(): void {
    for (const p of this.params) this.be.dispose(p);
    this.params.length = 0;
  }
}
