// The rerouting run: train the digits classifier, find the class subspaces and probe, then attack by subspace rerouting, probe rerouting and logits with one step budget.
import type { Backend } from '../../engine/backend';
import { readScalar } from '../../engine/readback';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { ReroutingConfig } from './schema';
import { trainDigitsClassifier, type DigitsClassifier } from './classifier';
import { idempotenceError, projectionLengths, rerouteSubspaces, type RerouteSubspaces } from './subspaces';
import { ATTACK_KINDS, attackStep, runAttack, type AttackKind, type AttackReport } from './attacks';

/** About this many reports per attack (every ⌈steps/REPORTS⌉-th step, and the last). */
const REPORTS = 20;
/** Adam steps for the linear probe (it separates two digit classes' hidden states; the quick preset's probe is right on over 95% of them, the tests check). */
const PROBE_STEPS = 200;
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, x) => a + x, 0) / v.length;

/** max |logits(x + 0) − logits(x)|: the attack's forward with a zero perturbation against the model's own. */
function zeroPerturbationChange(be: Backend, c: DigitsClassifier, sub: RerouteSubspaces, target: number): Promise<number> {
  return readScalar(be, be.tidy(() => {
    const zero = be.fill({ rows: c.attacked.rows, cols: c.attacked.cols }, 0);
    const labels = be.fill({ rows: c.attacked.rows, cols: 1 }, target);
    const viaAttack = attackStep(be, c.mlp, c.weights, c.attacked, zero, labels, sub, 'reroute').logits;
    const clean = c.mlp.forward(be, c.weights, c.attacked).logits;
    return be.reduce('maxAbs', be.elementwise('add', viaAttack, clean, 1, -1), 'all');
  }));
}

/** Mean lengths (‖U_sᵀh‖, ‖U_tᵀh‖) of a class's training hidden states: where the clean classes sit in the path plot. */
async function classPoint(be: Backend, c: DigitsClassifier, sub: RerouteSubspaces, cls: number): Promise<number[]> {
  const rows: number[] = [];
  c.trainY.forEach((y, i) => { if (y === cls) rows.push(i); });
  const [s, t] = await Promise.all([projectionLengths(be, c.trainHidden, sub.source), projectionLengths(be, c.trainHidden, sub.target)].map(async (l) => {
    const v = await be.read(l);
    be.dispose(l);
    return mean(rows.map((i) => v[i]));
  }));
  return [s, t];
}

/** The curves one attack streams: success rate, mean ‖δ‖ and the mean path over the report steps. */
type Curves = { steps: number[]; success: number[]; norm: number[]; sourceLength: number[]; targetLength: number[] };
const emptyCurves = (): Curves => ({ steps: [], success: [], norm: [], sourceLength: [], targetLength: [] });

function extend(cv: Curves, r: AttackReport): void {
  cv.steps.push(r.step);
  cv.success.push(mean(r.hit));
  cv.norm.push(mean(r.norm));
  cv.sourceLength.push(mean(r.sourceLength));
  cv.targetLength.push(mean(r.targetLength));
}

function curveMetrics(kind: AttackKind, cv: Curves): Metrics {
  return {
    [`steps_${kind}`]: [...cv.steps], [`success_${kind}_curve`]: [...cv.success], [`norm_${kind}_curve`]: [...cv.norm],
    [`path_${kind}_source`]: [...cv.sourceLength], [`path_${kind}_target`]: [...cv.targetLength],
    [`success_${kind}`]: cv.success[cv.success.length - 1], [`norm_${kind}`]: cv.norm[cv.norm.length - 1],
  };
}

/**
 * Trains the classifier, finds the source and target subspaces and the probe, then runs both reroutings and the plain logit attack from
 * δ = 0 with the same step budget; yields once after setup and at every report step of each attack.
 */
export async function* runRerouting(config: ReroutingConfig, ctx: RunContext): AsyncGenerator<Progress> {
  if (config.source === config.target) throw new RangeError(`source and target digits must differ (both are ${config.source})`);
  if (config.k > config.hidden) throw new RangeError(`subspace dimension k = ${config.k} exceeds the hidden width ${config.hidden}`);
  const be = ctx.backend;
  const c = await trainDigitsClassifier(ctx, { hidden: config.hidden, steps: config.trainSteps, source: config.source, samples: config.samples, seed: config.seed });
  let sub: RerouteSubspaces | null = null;
  try {
    sub = await rerouteSubspaces(be, c.trainHidden, c.trainY, config.source, config.target, config.k, config.seed, PROBE_STEPS, ctx.signal);
    const [idemS, idemT] = await Promise.all([readScalar(be, idempotenceError(be, sub.source)), readScalar(be, idempotenceError(be, sub.target))]);
    const metrics: Metrics = {
      clean_accuracy: c.testAccuracy, n_attacked: c.attacked.rows, probe_accuracy: sub.probeAccuracy, projection_idempotence: Math.max(idemS, idemT),
      zero_perturbation_change: await zeroPerturbationChange(be, c, sub, config.target),
      source_class_point: await classPoint(be, c, sub, config.source), target_class_point: await classPoint(be, c, sub, config.target),
    };
    const reportEvery = Math.max(1, Math.ceil(config.steps / REPORTS));
    const perAttack = Math.floor(config.steps / reportEvery) + (config.steps % reportEvery ? 2 : 1);
    const total = 1 + ATTACK_KINDS.length * perAttack;
    let step = 1;
    yield { step, total, metrics: { ...metrics } };
    for (const kind of ATTACK_KINDS) {
      const cv = emptyCurves();
      for await (const r of runAttack(be, c.mlp, c.weights, c.attacked, config.target, sub, kind, { steps: config.steps, stepSize: config.stepSize, reportEvery, signal: ctx.signal })) {
        extend(cv, r);
        Object.assign(metrics, curveMetrics(kind, cv));
        yield { step: ++step, total, metrics: { ...metrics } };
      }
      if (ctx.signal.aborted) return;
    }
  } finally {
    sub?.dispose();
    c.dispose();
  }
}
