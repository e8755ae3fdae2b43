// Adam whose moments follow a changing support: kept coordinates keep theirs, added ones start from zero (as in RigL).
import type { Backend, Tensor } from '../../engine/backend';
import { adamUpdate } from '../../learn/optimizerKernels';
import type { AdamConfig, Optimizer } from '../../learn/optimizers';
import { remapSlots } from './supportUpdate';

/** torch.optim.Adam (β = 0.9, 0.999, ε = 1e-8, no weight decay) over (s, 1) parameters, with remapSlots for SSVI. */
export class SupportAdam implements Optimizer {
  readonly config: AdamConfig;
  lr: number;
  steps = 0;
  private moments: [Tensor, Tensor][] = [];

  constructor(private readonly be: Backend, lr: number) {
    this.config = { kind: 'adam', lr };
    this.lr = lr;
  }

  step(params: Tensor[], grads: Tensor[]): void {
    if (params.length !== grads.length) throw new RangeError(`SupportAdam: ${params.length} parameters but ${grads.length} gradients`);
    if (!this.moments.length) this.moments = params.map((p) => [this.be.keep(this.be.fill(p, 0)), this.be.keep(this.be.fill(p, 0))]);
    this.steps++;
    params.forEach((p, i) => adamUpdate(this.be, p, grads[i], this.moments[i][0], this.moments[i][1], {
      lr: this.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: this.steps,
    }));
  }

  /** Adam's first and second moments of parameter i, (s, 1) each (null before the first step). */
  momentsOf(i: number): readonly [Tensor, Tensor] | null {
    return this.moments[i] ?? null;
  }

  /** Moves every moment to the new slots (see remapSlots); new coordinates get m = v = 0. */
  remapSlots(slotMap: Tensor): void {
    for (const [m, v] of this.moments) {
      remapSlots(this.be, m, slotMap, 0);
      remapSlots(this.be, v, slotMap, 0);
    }
  }

  dispose(): void {
    for (const [m, v] of this.moments) {
      this.be.dispose(m);
      this.be.dispose(v);
    }
    this.moments = [];
  }
}
