// Fine-tuning one weight at a time: the WeightAdapter interface, frozen and full adapters, and the Parameterization built from them.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../gatherKernels';
import { parameterCount } from '../model';
import type { Parameterization } from '../parameterization';

/**
 * How one pretrained weight W₀ (rows×cols) changes during fine-tuning: W(θ) from the trainable tensors θ, and
 * ∂L/∂θ from ∂L/∂W. weight() and backward() allocate only intermediates (call them inside `be.tidy`); the
 * adapter owns θ and any fixed tensors (frozen factors, W₀) until dispose().
 */
export interface WeightAdapter {
  /** 'frozen', 'full', 'lora', 'lora-xs', 'lora-sb', 'svfit', 'flora'. */
  readonly kind: string;
  readonly params: Tensor[];
  weight(): Tensor;
  /** ∂L/∂θ in params order (empty for a frozen weight). */
  backward(dW: Tensor): Tensor[];
  dispose(): void;
}

/** A kept copy of `t` (the adapter owns it). */
export function ownedCopy(be: Backend, t: Tensor): Tensor {
  return be.keep(be.tidy(() => reshape(be, t, t)));
}

/** W = W₀, nothing trains. */
export function frozenAdapter(be: Backend, W0: Tensor): WeightAdapter {
  const w = ownedCopy(be, W0);
  return { kind: 'frozen', params: [], weight: () => w, backward: () => [], dispose: () => be.dispose(w) };
}

/** θ = W, starting at W₀: full fine-tuning. */
export function fullAdapter(be: Backend, W0: Tensor): WeightAdapter {
  const w = ownedCopy(be, W0);
  return { kind: 'full', params: [w], weight: () => w, backward: (dW) => [dW], dispose: () => be.dispose(w) };
}

/** A model's weights, each through its adapter; the optimizer trains every adapter's θ. */
export class AdaptedParameterization implements Parameterization {
  readonly kind = 'adapted';
  readonly params: Tensor[];

  /** Takes ownership of the adapters (one per model weight, in the model's order). */
  constructor(readonly adapters: WeightAdapter[]) {
    this.params = adapters.flatMap((a) => a.params);
  }

  weights(): Tensor[] {
    return this.adapters.map((a) => a.weight());
  }

  backward(weightGrads: Tensor[]): Tensor[] {
    if (weightGrads.length !== this.adapters.length) throw new RangeError(`adapted: ${weightGrads.length} gradients for ${this.adapters.length} weights`);
    return this.adapters.flatMap((a, i) => (a.params.length ? a.backward(weightGrads[i]) : []));
  }

  trainableCount(): number {
    return parameterCount(this.params);
  }

  dispose(): void {
    for (const a of this.adapters) a.dispose();
    this.params.length = 0;
  }
}
