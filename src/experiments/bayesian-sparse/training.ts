// Variational training on the device through the shared Trainer: ELBO steps, SSVI's remove/add, and periodic reports.
import type { Backend } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { Mlp } from '../../learn/mlp';
import type { Optimizer } from '../../learn/optimizers';
import { copySegment } from '../../learn/gatherKernels';
import { Trainer, type DeviceDataset } from '../../learn/trainer';
import type { Calibration } from './calibration';
import type { GaussianPosterior } from './posterior';
import { evaluatePosterior, type LabelledInputs } from './predictive';
import type { SparseGaussianPosterior } from './sparsePosterior';
import type { SupportAdam } from './supportAdam';
import { cosineSwapCount, removeAndAdd, type SupportChange } from './supportUpdate';

/** SSVI's basis selection: every `every` steps swap a cosine-decaying fraction of the support. */
export type SupportSchedule = { every: number; fraction: number; initLogSigma: number };

/** What SSVI's remove/add works on: the sparse posterior, the optimizer whose moments follow it, the schedule. */
export type SsviControl = { posterior: SparseGaussianPosterior; optimizer: SupportAdam; schedule: SupportSchedule };

export type VariationalOptions = {
  steps: number;
  batchSize: number;
  /** Steps between reports (≥ 10): each is two readbacks (training sums; predictive probabilities with the KL). */
  reportEvery: number;
  /** Seeds the mini-batch order (the same batches for every method). */
  seed: number;
  evalSamples: number;
  bins: number;
};

/**
 * A report: mean mini-batch NLL since the last one, KL(q‖p), the per-sample ELBO −(NLL + w·KL), the test scores, and
 * the GPU→CPU reads this training has made so far (reports and remove/add rounds).
 */
export type VariationalReport = { step: number; nll: number; kl: number; elbo: number; test: Calibration & { kl: number }; readbacks: number };

export type TrainingEvent =
  | { kind: 'report'; report: VariationalReport }
  | { kind: 'support'; step: number; change: SupportChange | null };

/**
 * Steps θ ~ q through the Trainer (one fresh ε per step from `rngs.eps`) and yields a report every `reportEvery`
 * steps and after the last. With `ssvi`, every `every` steps (not after the last) it removes and adds coordinates.
 */
export async function* trainVariational(
  be: Backend, mlp: Mlp, posterior: GaussianPosterior, optimizer: Optimizer, train: DeviceDataset, test: LabelledInputs,
  o: VariationalOptions, rngs: { eps: Rng; evaluation: Rng }, signal: AbortSignal,
  ssvi?: SsviControl,
): AsyncGenerator<TrainingEvent> {
  const trainer = new Trainer(be, mlp, posterior, optimizer, train, { batchSize: o.batchSize, seed: o.seed, reportEvery: o.reportEvery });
  const updates = ssvi ? Math.floor((o.steps - 1) / ssvi.schedule.every) : 0;
  let update = 0;
  let readbacks = 0;
  try {
    for (let step = 1; step <= o.steps; step++) {
      if (signal.aborted) return;
      const count = ssvi && step % ssvi.schedule.every === 0 && step < o.steps
        ? cosineSwapCount(ssvi.schedule.fraction, ssvi.posterior.supportSize, ssvi.posterior.dimension, update++, updates)
        : -1;
      if (ssvi && count > 0) ssvi.posterior.captureGradient = true;
      posterior.resample(rngs.eps);
      trainer.step();
      if (ssvi && count >= 0) {
        if (count > 0) readbacks++;
        yield { kind: 'support', step, change: count > 0 ? await swapCoordinates(be, ssvi, count) : null };
      }
      if (step % o.reportEvery === 0 || step === o.steps) {
        const r = await trainer.report();
        const evaluation = await evaluatePosterior(be, mlp, posterior, test, { samples: o.evalSamples, rng: rngs.evaluation, bins: o.bins });
        readbacks += 2;
        yield { kind: 'report', report: { step, nll: r.loss, kl: evaluation.kl, elbo: -(r.loss + posterior.objective.klWeight * evaluation.kl), test: evaluation, readbacks } };
      }
    }
  } finally {
    trainer.dispose();
  }
}

/** One remove/add: read |μ|/σ on the support and the captured |∂NLL/∂θ| (one readback), choose on the host, remap on the device. */
async function swapCoordinates(be: Backend, ssvi: SsviControl, count: number): Promise<SupportChange> {
  const p = ssvi.posterior;
  const s = p.supportSize;
  const grad = p.takeGradMagnitude();
  const packed = be.tidy(() => {
    const out = be.fill({ rows: s + p.dimension, cols: 1 }, 0);
    copySegment(be, p.signalToNoise(), 0, out, 0, s);
    copySegment(be, grad, 0, out, s, p.dimension);
    return out;
  });
  be.dispose(grad);
  let v: Float64Array;
  try {
    v = await be.read(packed);
  } finally {
    be.dispose(packed);
  }
  const change = removeAndAdd(p.indices, v.subarray(0, s), v.subarray(s), count);
  p.applyChange(change, ssvi.schedule.initLogSigma, (slotMap) => ssvi.optimizer.remapSlots(slotMap));
  return change;
}
