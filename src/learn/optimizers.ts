// Optimizers that own their state tensors: SGD (momentum, Nesterov, weight decay) and Adam/AdamW, PyTorch semantics.
import type { Backend, Tensor } from '../engine/backend';
import { adamUpdate, sgdUpdate } from './optimizerKernels';

/** torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov). */
export type SgdConfig = { kind: 'sgd'; lr: number; momentum?: number; dampening?: number; weightDecay?: number; nesterov?: boolean };
/** torch.optim.Adam (L2 weight decay) or AdamW (decoupled): betas, eps, weight_decay. */
export type AdamConfig = { kind: 'adam' | 'adamw'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number };
export type OptimizerConfig = SgdConfig | AdamConfig;

/** Updates a fixed list of parameter tensors in place; state lives on the device and is freed by dispose(). */
export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Learning rate of the next step (schedules set it between steps). */
  lr: number;
  /** Steps taken so far. */
  readonly steps: number;
  /** One update of every parameter from its gradient: one dispatch per tensor. `params[i]` must stay the same tensor across steps. */
  step(params: Tensor[], grads: Tensor[]): void;
  dispose(): void;
}

/** A PyTorch-faithful optimizer on `be`. AdamW's default weight decay is 0.01, as in torch. */
export function createOptimizer(be: Backend, config: OptimizerConfig): Optimizer {
  return config.kind === 'sgd' ? new Sgd(be, config) : new Adam(be, config);
}

abstract class StatefulOptimizer {
  protected readonly state: Tensor[][] = [];
  steps = 0;
  lr: number;
  constructor(protected readonly be: Backend, lr: number) {
    this.lr = lr;
  }

  protected check(params: Tensor[], grads: Tensor[]): void {
    if (params.length !== grads.length) throw new RangeError(`optimizer: ${params.length} parameters but ${grads.length} gradients`);
    if (this.state.length && this.state.length !== params.length) {
      throw new RangeError(`optimizer: built for ${this.state.length} parameters, stepped with ${params.length}`);
    }
  }

  /** A zero tensor of this shape that no tidy frees. */
  protected zeros(shape: { batch?: number; rows: number; cols: number }): Tensor {
    return this.be.keep(this.be.fill(shape, 0));
  }

  dispose(): void {
    for (const list of this.state) for (const t of list) this.be.dispose(t);
    this.state.length = 0;
  }
}

class Sgd extends StatefulOptimizer implements Optimizer {
  constructor(be: Backend, readonly config: SgdConfig) {
    super(be, config.lr);
    if (config.nesterov && (!config.momentum || config.dampening)) throw new RangeError('SGD: Nesterov momentum requires a momentum and zero dampening');
  }

  step(params: Tensor[], grads: Tensor[]): void {
    this.check(params, grads);
    const momentum = this.config.momentum ?? 0;
    const firstStep = this.state.length === 0;
    if (firstStep) for (const p of params) this.state.push([this.zeros(momentum ? p : { rows: 1, cols: 1 })]);
    params.forEach((p, i) => sgdUpdate(this.be, p, grads[i], this.state[i][0], {
      lr: this.lr, momentum, dampening: this.config.dampening ?? 0, weightDecay: this.config.weightDecay ?? 0,
      nesterov: !!this.config.nesterov, firstStep,
    }));
    this.steps++;
  }
}

class Adam extends StatefulOptimizer implements Optimizer {
  constructor(be: Backend, readonly config: AdamConfig) {
    super(be, config.lr);
  }

  step(params: Tensor[], grads: Tensor[]): void {
    this.check(params, grads);
    if (this.state.length === 0) for (const p of params) this.state.push([this.zeros(p), this.zeros(p)]);
    const c = this.config;
    const decoupled = c.kind === 'adamw';
    this.steps++;
    params.forEach((p, i) => adamUpdate(this.be, p, grads[i], this.state[i][0], this.state[i][1], {
      lr: this.lr, beta1: c.beta1 ?? 0.9, beta2: c.beta2 ?? 0.999, eps: c.eps ?? 1e-8,
      weightDecay: c.weightDecay ?? (decoupled ? 0.01 : 0), decoupled, step: this.steps,
    }));
  }
}
