// GaLore-family Adam (GaLore, its SVD-free DCT variant, Fira, Q-GaLore) and full Adam behind one optimizer interface.
import type { Backend, Tensor } from '../../engine/backend';
import type { SvdMethod } from '../../linalg/svd';
import type { WeightShape } from '../model';
import { adamUpdate } from '../optimizerKernels';
import { createOptimizer, type Optimizer } from '../optimizers';
import { GaloreProjector } from './galoreProjector';
import { firaScaledResidual, NormGrowthLimiter } from './firaResidual';
import { adamDirection, addScaledInPlace, energyPair, projectBack, projectedShape, projectGradient } from './projectedAdam';

export type OptimizerName = 'adam' | 'galore' | 'dct' | 'fira' | 'qgalore';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'galore', 'dct', 'fira', 'qgalore'];

/** An optimizer whose subspace refresh may need readbacks (async), separate from its synchronous step. */
export interface SubspaceOptimizer {
  readonly name: OptimizerName;
  /** Whether the next step recomputes a projection (then call refresh with that step's gradients first). */
  needsRefresh(): boolean;
  refresh(grads: Tensor[]): Promise<void>;
  /** One update in place; with `measure`, records [Σ‖R‖², Σ‖G‖²] over the projected matrices in `energy`. */
  step(params: Tensor[], grads: Tensor[], measure?: boolean): void;
  /** (1, 2) from the last measured step; null when nothing is projected. */
  readonly energy: Tensor | null;
  svdCount(): number;
  /** Optimizer-state bytes (float32 moments, projections, codes). */
  stateBytes(): number;
  dispose(): void;
}

export type LowRankAdamConfig = {
  variant: Exclude<OptimizerName, 'adam'>;
  lr: number;
  rank: number;
  /** T, steps between projection refreshes. */
  gap: number;
  /** α, GaLore's scale of the projected-back step. */
  scale: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  svdMethod?: SvdMethod;
  seed?: number;
  dctNorm?: 'l1' | 'l2';
  /** Q-GaLore */
  quantGroups?: 'row' | 'tensor';
  cosThreshold?: number;
  gammaProj?: number;
  queueSize?: number;
  /** Fira's limiter γ (official 1.01). */
  firaGamma?: number;
};

type Slot = { m: Tensor; v: Tensor; projector: GaloreProjector | null; limiter: NormGrowthLimiter | null };

/**
 * Matrices train with projected Adam: R = project(G) every step, P refreshed every T steps; Adam moments live in
 * R's shape and are not rotated when P changes (as in the official code); W ← W − lr·α·P·ψ(R). Biases train with
 * plain Adam. When r ≥ min(m, n) the projection is the identity (no SVD), so GaLore at full rank with α = 1 is Adam.
 */
export class LowRankAdam implements SubspaceOptimizer {
  readonly name: OptimizerName;
  energy: Tensor | null = null;
  private readonly slots: Slot[];
  private t = 0;
  private refreshSeed: number;

  constructor(private readonly be: Backend, shapes: readonly WeightShape[], readonly config: LowRankAdamConfig) {
    this.name = config.variant;
    this.refreshSeed = config.seed ?? 1;
    const q = config.variant === 'qgalore';
    this.slots = shapes.map((s) => {
      const projector = s.role === 'matrix'
        ? new GaloreProjector(be, s.rows, s.cols, {
          rank: config.rank, gap: config.gap, rule: config.variant === 'dct' ? 'dct' : 'svd', svdMethod: config.svdMethod ?? 'auto',
          dctNorm: config.dctNorm, quant: q ? config.quantGroups ?? 'row' : null,
          adaptive: q ? { cosThreshold: config.cosThreshold ?? 0.4, gamma: config.gammaProj ?? 2, queueSize: config.queueSize ?? 5 } : null,
        })
        : null;
      const shape = projector ? projectedShape(s.rows, s.cols, projector.rank, projector.side) : s;
      return {
        m: be.keep(be.fill(shape, 0)), v: be.keep(be.fill(shape, 0)), projector,
        limiter: projector && config.variant === 'fira' ? new NormGrowthLimiter(be, config.firaGamma ?? 1.01) : null,
      };
    });
  }

  /** The projectors (null for biases), for inspection. */
  projectors(): (GaloreProjector | null)[] {
    return this.slots.map((s) => s.projector);
  }

  needsRefresh(): boolean {
    return this.slots.some((s) => s.projector?.due(this.t));
  }

  async refresh(grads: Tensor[]): Promise<void> {
    for (const [i, s] of this.slots.entries()) {
      if (s.projector?.due(this.t)) await s.projector.refresh(grads[i], this.refreshSeed++, this.t);
    }
  }

  step(params: Tensor[], grads: Tensor[], measure = false): void {
    const be = this.be;
    const c = this.config;
    if (params.length !== this.slots.length || grads.length !== this.slots.length) throw new RangeError(`LowRankAdam: built for ${this.slots.length} tensors`);
    if (this.slots.some((s) => s.projector?.due(this.t))) throw new Error('LowRankAdam: a projection is due; await refresh(grads) before step()');
    this.t++;
    const h = { beta1: c.beta1 ?? 0.9, beta2: c.beta2 ?? 0.999, eps: c.eps ?? 1e-8 };
    const bc1 = 1 - h.beta1 ** this.t;
    const bc2Sqrt = Math.sqrt(1 - h.beta2 ** this.t);
    let energy: Tensor | null = null;
    for (const [i, s] of this.slots.entries()) {
      const W = params[i];
      const G = grads[i];
      const proj = s.projector;
      if (!proj) {
        adamUpdate(be, W, G, s.m, s.v, { lr: c.lr, ...h, weightDecay: 0, decoupled: false, step: this.t });
        continue;
      }
      const R = projectGradient(be, G, proj.P, proj.side);
      const Z = adamDirection(be, R, s.m, s.v, h, this.t);
      addScaledInPlace(be, W, projectBack(be, Z, proj.P, proj.side), c.lr * c.scale);
      if (s.limiter) addScaledInPlace(be, W, firaScaledResidual(be, G, R, Z, proj.P, proj.side, bc1, bc2Sqrt, s.limiter), -c.lr * bc2Sqrt / bc1);
      if (measure && proj.side !== 'identity') {
        const pair = energyPair(be, R, G);
        energy = energy ? be.elementwise('add', energy, pair) : pair;
      }
    }
    if (measure) {
      if (this.energy) be.dispose(this.energy);
      this.energy = energy ? be.keep(energy) : null;
    }
  }

  svdCount(): number {
    return this.slots.reduce((n, s) => n + (s.projector?.svds ?? 0), 0);
  }

  stateBytes(): number {
    return this.slots.reduce((b, s) => b + 4 * (s.m.rows * s.m.cols + s.v.rows * s.v.cols) + (s.projector?.stateBytes() ?? 0) + (s.limiter ? 4 : 0), 0);
  }

  dispose(): void {
    for (const s of this.slots) {
      this.be.dispose(s.m);
      this.be.dispose(s.v);
      s.projector?.dispose();
      s.limiter?.dispose();
    }
    this.slots.length = 0;
    if (this.energy) this.be.dispose(this.energy);
    this.energy = null;
  }
}

/** The engine's full Adam (PyTorch semantics) behind the same interface: no projection, 8 bytes of state per weight. */
export class FullAdam implements SubspaceOptimizer {
  readonly name = 'adam' as const;
  readonly energy = null;
  private readonly optimizer: Optimizer;
  private readonly count: number;

  constructor(be: Backend, shapes: readonly WeightShape[], o: { lr: number; beta1?: number; beta2?: number; eps?: number }) {
    this.optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps });
    this.count = shapes.reduce((n, s) => n + s.rows * s.cols, 0);
  }

  needsRefresh(): boolean {
    return false;
  }

  async refresh(): Promise<void> {}

  step(params: Tensor[], grads: Tensor[]): void {
    this.optimizer.step(params, grads);
  }

  svdCount(): number {
    return 0;
  }

  stateBytes(): number {
    return 8 * this.count;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
