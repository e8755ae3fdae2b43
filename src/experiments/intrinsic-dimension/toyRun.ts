// Trains the paper's toy in random subspaces of growing d and compares each loss with the subspace's exact floor.
import type { Backend } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { RandomSubspaceParameterization } from '../../learn/randomSubspace';
import { createProjection } from '../../learn/subspaceProjections';
import { createOptimizer } from '../../learn/optimizers';
import { groupSumProjection, heavyBallSettings, subspaceLossFloor, TOY_D, TOY_GROUP_SIZE, TOY_GROUPS, toyGradient, toyLoss, toyTargets } from './toyProblem';
import { toyIntrinsicDimension } from './sweep';

export type ToyResult = {
  dValues: number[];
  /** Loss after training, per d. */
  loss: number[];
  /** The lowest loss the subspace allows (exact least squares), per d. */
  floor: number[];
  /** Condition number of the toy's Hessian in each subspace (what makes d = 10 slow to train). */
  condition: number[];
  /** Steps each d trained before its loss reached its floor (or the step limit). */
  stepsTaken: number[];
  initialLoss: number;
  /** Smallest d whose trained loss is ≈ 0 (≤ 1e-9·‖targets‖²), or −1. */
  dInt: number;
  /** The same from the exact floors: 10 for every draw. */
  dIntFloor: number;
};

/** Steps between loss readbacks while training the toy (it stops once the loss sits on its floor). */
const CHECK_EVERY = 100;
/** Training stops once the loss is within this fraction of ‖targets‖² of its floor (the d_int criterion). */
const STOP_RELATIVE = 1e-9;

/**
 * Full-batch SGD with heavy-ball momentum, its learning rate and momentum set from the curvature of each subspace
 * (Polyak's optimal settings for a quadratic), for at most `maxSteps` steps. Yields after each d; θ₀ ~ N(0, 0.1²).
 */
export async function* runToy(be: Backend, dValues: number[], maxSteps: number, rng: Rng, signal: AbortSignal): AsyncGenerator<ToyResult> {
  if (!dValues.length) return;
  const theta0Values = Float64Array.from(rng.normals(TOY_D, 0.1));
  // Each d's subspace comes from its own stream, so it is the same whichever other d are swept.
  const drawSeed = rng.uint32();
  const targetValues = toyTargets();
  const residual0 = targetValues.map((t, g) => t - theta0Values.subarray(g * TOY_GROUP_SIZE, (g + 1) * TOY_GROUP_SIZE).reduce((a, v) => a + v, 0));
  const initialLoss = residual0.reduce((a, r) => a + r * r, 0);
  const scale = targetValues.reduce((a, t) => a + t * t, 0);
  const result: ToyResult = { dValues: [], loss: [], floor: [], condition: [], stepsTaken: [], initialLoss, dInt: -1, dIntFloor: -1 };
  const theta0 = be.keep(be.upload(theta0Values, { rows: TOY_GROUPS, cols: TOY_GROUP_SIZE }));
  const targets = be.keep(be.upload(targetValues, { rows: TOY_GROUPS, cols: 1 }));
  try {
    for (const d of dValues) {
      if (signal.aborted) return;
      const projection = createProjection(be, new Rng((drawSeed + Math.imul(d, 0x9e3779b1)) >>> 0), 'unit', Math.min(d, TOY_D), TOY_D);
      const m = groupSumProjection(be, projection);
      const mValues = await be.read(m);
      be.dispose(m);
      const floor = subspaceLossFloor(mValues, projection.d, residual0);
      const { lr, momentum, condition } = heavyBallSettings(mValues, projection.d);
      const param = new RandomSubspaceParameterization(be, [theta0], projection);
      const optimizer = createOptimizer(be, { kind: 'sgd', lr, momentum });
      let loss = initialLoss;
      let steps = 0;
      try {
        while (steps < maxSteps && !signal.aborted) {
          const chunk = Math.min(CHECK_EVERY, maxSteps - steps);
          for (let s = 0; s < chunk; s++) be.tidy(() => optimizer.step(param.params, param.backward([toyGradient(be, param.weights()[0], targets)])));
          steps += chunk;
          const lossTensor = be.tidy(() => toyLoss(be, param.weights()[0], targets));
          loss = (await be.read(lossTensor))[0];
          be.dispose(lossTensor);
          if (loss - floor <= STOP_RELATIVE * scale) break;
        }
      } finally {
        optimizer.dispose();
        param.dispose();
      }
      result.dValues.push(d);
      result.loss.push(loss);
      result.floor.push(floor);
      result.condition.push(condition);
      result.stepsTaken.push(steps);
      result.dInt = toyIntrinsicDimension(result.dValues, result.loss, scale);
      result.dIntFloor = toyIntrinsicDimension(result.dValues, result.floor, scale);
      yield { ...result, dValues: [...result.dValues], loss: [...result.loss], floor: [...result.floor], condition: [...result.condition], stepsTaken: [...result.stepsTaken] };
    }
  } finally {
    be.dispose(theta0);
    be.dispose(targets);
  }
}
