// The four parameterizations compared: dense, low-rank, SLTrain and LOST on the hidden layers, the head kept dense.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { Mlp } from '../../learn/mlp';
import { parameterCount, type WeightShape } from '../../learn/model';
import { DenseParameterization, type Parameterization } from '../../learn/parameterization';
import { LowRankParameterization } from '../../learn/lowRank';
import { SparseLowRankParameterization } from '../../learn/sparseLowRank';
import { lostParameterization } from '../../learn/lostInit';
import { densifyAdd } from '../../learn/sparseKernels';

import { VARIANTS, type VariantId } from './variantIds';

export { VARIANTS, type VariantId };

/**
 * The hidden layers' weights come from `inner`; the classifier head [W_L, b_L] trains densely in every variant,
 * as SLTrain and LOST keep the LM head full (the 10-way head is too thin to factor anyway).
 */
export class HeadDenseParameterization implements Parameterization {
  readonly params: Tensor[];
  readonly kind: string;

  /** Takes ownership of `inner` and of `head` (kept tensors). */
  constructor(private readonly be: Backend, readonly inner: Parameterization, private readonly head: Tensor[]) {
    this.kind = inner.kind;
    this.params = [...inner.params, ...head];
  }

  weights(): Tensor[] {
    return [...this.inner.weights(), ...this.head];
  }

  backward(weightGrads: Tensor[]): Tensor[] {
    const k = weightGrads.length - this.head.length;
    return [...this.inner.backward(weightGrads.slice(0, k)), ...weightGrads.slice(k)];
  }

  trainableCount(): number {
    return this.inner.trainableCount() + parameterCount(this.head);
  }

  dispose(): void {
    this.inner.dispose();
    for (const t of this.head) this.be.dispose(t);
    this.head.length = 0;
    this.params.length = 0;
  }
}

export type VariantSpec = {
  id: VariantId;
  /** Rank of the factored hidden matrices (dense: unused). */
  rank: number;
  alpha: number;
  density: number;
  lostDensity: number;
};

/**
 * Builds one variant from the shared dense init θ₀ ([W1, b1, …], host values): dense and LOST start from θ₀ itself
 * (LOST by the SVD split of θ₀'s hidden matrices), low-rank from random factors with θ₀'s biases, SLTrain from its
 * own init (B = 0, random A and S, random biases); every variant's head starts at θ₀'s head.
 */
export async function buildVariant(be: Backend, mlp: Mlp, theta0: Float64Array[], spec: VariantSpec, rng: Rng): Promise<Parameterization> {
  const shapes = mlp.weightShapes;
  const upload = (i: number) => be.keep(be.upload(theta0[i], shapes[i]));
  if (spec.id === 'dense') return new DenseParameterization(be, shapes.map((_, i) => upload(i)));
  const k = shapes.length - 2;
  const hidden: readonly WeightShape[] = shapes.slice(0, k);
  const hiddenValues = theta0.slice(0, k);
  const biases = hiddenValues.filter((_, i) => hidden[i].role === 'bias');
  let inner: Parameterization;
  switch (spec.id) {
    case 'lowrank':
      inner = new LowRankParameterization(be, hidden, rng, { rank: spec.rank, alpha: spec.alpha, init: 'linear' }, biases);
      break;
    case 'sltrain':
      inner = SparseLowRankParameterization.sltrain(be, hidden, rng, { rank: spec.rank, alpha: spec.alpha, density: spec.density });
      break;
    case 'lost':
      inner = await lostParameterization(be, hidden, hiddenValues, { rank: spec.rank, density: spec.lostDensity });
      break;
    default: {
      const never: never = spec.id;
      throw new RangeError(`unknown variant ${String(never)}`);
    }
  }
  return new HeadDenseParameterization(be, inner, [upload(k), upload(k + 1)]);
}

/** Index in `p.params` of the m-th matrix's B (A and S follow): params are [B, A, S] per matrix, [b] per bias. */
function matrixSlot(p: SparseLowRankParameterization, m: number): number {
  let slot = 0;
  let seen = 0;
  for (const s of p.shapes) {
    if (s.role === 'matrix' && seen++ === m) return slot;
    slot += s.role === 'matrix' ? 3 : 1;
  }
  throw new RangeError(`sparseLowRankParts: there is no matrix ${m}`);
}

/**
 * s·B·A and the densified S of a sparse + low-rank parameterization's m-th matrix (call inside tidy).
 * @returns (out, in) each; their sum is the layer's weight W
 */
export function sparseLowRankParts(be: Backend, p: SparseLowRankParameterization, m: number): { lowRank: Tensor; sparse: Tensor } {
  const slot = matrixSlot(p, m);
  const product = be.matmul(p.params[slot], p.params[slot + 1]);
  const lowRank = p.scale === 1 ? product : be.elementwise('scale', product, null, p.scale);
  return { lowRank, sparse: densifyAdd(be, be.fill(lowRank, 0), p.supports[m], p.params[slot + 2], 0) };
}
