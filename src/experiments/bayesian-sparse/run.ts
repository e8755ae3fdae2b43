// The bayesian-sparse run: dense mean-field VI, the same BNN pruned after training, and SSVI at each density.
import type { Backend } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { createOptimizer } from '../../learn/optimizers';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import { randomSupportIndices } from '../../learn/sparseKernels';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { BayesianSparseConfig } from './schema';
import type { Calibration } from './calibration';
import { DenseGaussianPosterior, type GaussianPosterior, type VariationalObjective } from './posterior';
import { SparseGaussianPosterior } from './sparsePosterior';
import { SupportAdam } from './supportAdam';
import { evaluatePosterior, type LabelledInputs } from './predictive';
import { prunedPosterior, signalToNoiseOrder } from './pruning';
import { trainVariational, type SsviControl, type TrainingEvent, type VariationalOptions, type VariationalReport } from './training';

/** Everything one training needs besides its posterior; every method shares the batches and the ε / evaluation seeds. */
type Setup = { be: Backend; mlp: Mlp; train: DeviceDataset; test: LabelledInputs; options: VariationalOptions; lr: number; epsSeed: number; evalSeed: number; signal: AbortSignal };

/** The support size at a density: ⌊density·D⌋, at least one coordinate. */
export function supportSizeAt(density: number, dimension: number): number {
  return Math.max(1, Math.floor(density * dimension + 1e-9));
}

/** An SSVI posterior on a random support of ⌊density·D⌋ coordinates, μ from the dense init θ₀ there, σ = σ₀. */
export function initialSsviPosterior(be: Backend, mlp: Mlp, theta0: Float64Array, density: number, initLogSigma: number, objective: VariationalObjective, rng: Rng): SparseGaussianPosterior {
  const D = theta0.length;
  // (s + ½)/D: randomSupportIndices takes ⌊density·D⌋, which must land on s whatever the rounding of s/D
  const indices = randomSupportIndices(rng, D, 1, (supportSizeAt(density, D) + 0.5) / D);
  const s = indices.length;
  const mu = be.upload(Float64Array.from(indices, (i) => theta0[i]), { rows: s, cols: 1 });
  return new SparseGaussianPosterior(be, mlp.weightShapes, indices, mu, be.fill({ rows: s, cols: 1 }, initLogSigma), objective);
}

/** One method's training events; dispose() frees the optimizer it made (SSVI brings its own). */
function train(setup: Setup, posterior: GaussianPosterior, ssvi?: SsviControl): { events: AsyncGenerator<TrainingEvent>; dispose(): void } {
  const optimizer = ssvi?.optimizer ?? createOptimizer(setup.be, { kind: 'adam', lr: setup.lr });
  const events = trainVariational(setup.be, setup.mlp, posterior, optimizer, setup.train, setup.test, setup.options,
    { eps: new Rng(setup.epsSeed), evaluation: new Rng(setup.evalSeed) }, setup.signal, ssvi);
  return { events, dispose: () => optimizer.dispose() };
}

const finals = (c: Calibration) => ({ nll: c.nll, accuracy: c.accuracy, ece: c.ece });

/** Appends each report to the method's curves, streamed as `elbo_<method>`, `test_nll_<method>`, `test_accuracy_<method>`. */
function curveRecorder(m: Metrics, method: string): (r: VariationalReport) => void {
  const curve = { elbo: [] as number[], nll: [] as number[], accuracy: [] as number[] };
  return (r) => {
    curve.elbo.push(r.elbo);
    curve.nll.push(r.test.nll);
    curve.accuracy.push(r.test.accuracy);
    Object.assign(m, { [`elbo_${method}`]: curve.elbo, [`test_nll_${method}`]: curve.nll, [`test_accuracy_${method}`]: curve.accuracy });
  };
}

/**
 * Dense mean-field VI (then pruned by |μ|/σ to each sweep density), then SSVI at the main density (curves, support
 * history) and at the rest of the sweep; one progress yield per report, headline metrics support_size, test_nll, ece.
 */
export async function* runBayesianSparse(config: BayesianSparseConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: config.testFraction, seed: config.seed, trainPerClass: config.trainPerClass || undefined });
  const mlp = new Mlp([digits.features, config.hidden, digits.classes], 'relu');
  const theta0Parts = mlp.initialWeights(ctx.rng);
  const theta0 = Float64Array.from(theta0Parts.flatMap((w) => Array.from(w)));
  const D = theta0.length;
  const supportRng = ctx.rng.fork();
  const epsSeed = ctx.rng.uint32();
  const evalSeed = ctx.rng.uint32();
  const initLogSigma = Math.log(config.initSigma);
  const objective: VariationalObjective = { priorSigma: config.priorSigma, klWeight: config.klWeight / digits.nTrain };
  const sweep = [...new Set([...config.densities.map(Number), config.density])].sort((a, b) => a - b);
  const options: VariationalOptions = { steps: config.steps, batchSize: Math.min(config.batchSize, digits.nTrain), reportEvery: config.reportEvery, seed: config.seed, evalSamples: config.evalSamples, bins: config.bins };
  const trainSet = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const testX = be.keep(be.upload(digits.testX, { rows: digits.nTest, cols: digits.features }));
  const setup: Setup = { be, mlp, train: trainSet, test: { X: testX, labels: digits.testY }, options, lr: config.lr, epsSeed, evalSeed, signal: ctx.signal };
  const reports = Math.ceil(config.steps / config.reportEvery);
  const total = (1 + sweep.length) * reports + 1;
  const s = supportSizeAt(config.density, D);
  const m: Metrics = { dimension: D, support_size: s, density: config.density, n_train: digits.nTrain, n_test: digits.nTest, sweep_density: sweep, stage: 'dense' };
  let step = 0;
  const sweepScores = new Map<number, { ssvi?: ReturnType<typeof finals>; pruned?: ReturnType<typeof finals> }>(sweep.map((d) => [d, {}]));
  const writeSweep = () => {
    const pick = (who: 'ssvi' | 'pruned', k: 'nll' | 'accuracy' | 'ece') => sweep.map((d) => sweepScores.get(d)![who]?.[k] ?? null);
    Object.assign(m, {
      sweep_ssvi_nll: pick('ssvi', 'nll'), sweep_ssvi_accuracy: pick('ssvi', 'accuracy'), sweep_ssvi_ece: pick('ssvi', 'ece'),
      sweep_pruned_nll: pick('pruned', 'nll'), sweep_pruned_accuracy: pick('pruned', 'accuracy'), sweep_pruned_ece: pick('pruned', 'ece'),
    });
  };
  const reliability = (who: string, c: Calibration) => Object.assign(m, { [`reliability_${who}_confidence`]: c.bins.confidence, [`reliability_${who}_accuracy`]: c.bins.accuracy, [`reliability_${who}_count`]: c.bins.count });
  try {
    // 1. Dense mean-field VI, then pruned to every sweep density by |μ|/σ.
    const dense = new DenseGaussianPosterior(be, mlp.weightShapes, theta0Parts, initLogSigma, objective);
    try {
      const steps: number[] = [];
      const record = curveRecorder(m, 'dense');
      const run = train(setup, dense);
      let last: Calibration | null = null;
      try {
        for await (const e of run.events) {
          if (e.kind !== 'report') continue;
          last = e.report.test;
          steps.push(e.report.step);
          m.curve_steps = steps;
          record(e.report);
          yield { step: ++step, total, metrics: { ...m } };
        }
      } finally {
        run.dispose();
      }
      if (ctx.signal.aborted || !last) return;
      Object.assign(m, { dense_test_nll: last.nll, dense_test_accuracy: last.accuracy, dense_ece: last.ece });
      reliability('dense', last);
      const order = await signalToNoiseOrder(be, dense);
      for (const d of sweep) {
        const pruned = prunedPosterior(be, dense, order, supportSizeAt(d, D));
        try {
          const c = await evaluatePosterior(be, mlp, pruned, setup.test, { samples: config.evalSamples, rng: new Rng(evalSeed), bins: config.bins });
          sweepScores.get(d)!.pruned = finals(c);
          if (d === config.density) {
            Object.assign(m, { pruned_test_nll: c.nll, pruned_test_accuracy: c.accuracy, pruned_ece: c.ece });
            reliability('pruned', c);
          }
        } finally {
          pruned.dispose();
        }
      }
      writeSweep();
    } finally {
      dense.dispose();
    }
    // 2. SSVI at the main density first (curves, support history), then at the rest of the sweep.
    for (const d of [config.density, ...sweep.filter((x) => x !== config.density)]) {
      const main = d === config.density;
      m.stage = `ssvi ${d}`;
      const posterior = initialSsviPosterior(be, mlp, theta0, d, initLogSigma, objective, new Rng(supportRng.uint32()));
      const initial = new Set(posterior.indices);
      const optimizer = new SupportAdam(be, config.lr);
      const run = train(setup, posterior, { posterior, optimizer, schedule: { every: config.updateEvery, fraction: config.swapFraction, initLogSigma } });
      const record = curveRecorder(m, 'ssvi');
      const support = { steps: [] as number[], swapped: [] as number[], size: [] as number[], kept: [] as number[] };
      let last: Calibration | null = null;
      try {
        for await (const e of run.events) {
          if (e.kind === 'support') {
            if (!main) continue;
            support.steps.push(e.step);
            support.swapped.push(e.change ? e.change.added.length : 0);
            support.size.push(posterior.support.nnz);
            support.kept.push(posterior.indices.reduce((n, i) => n + (initial.has(i) ? 1 : 0), 0) / posterior.supportSize);
            Object.assign(m, { support_steps: support.steps, support_swapped: support.swapped, support_size_trace: support.size, support_kept_initial: support.kept });
            continue;
          }
          last = e.report.test;
          if (main) {
            record(e.report);
            m.readbacks_per_step = e.report.readbacks / e.report.step;
          }
          yield { step: ++step, total, metrics: { ...m } };
        }
        if (ctx.signal.aborted || !last) return;
        sweepScores.get(d)!.ssvi = finals(last);
        writeSweep();
        if (main) {
          Object.assign(m, { test_nll: last.nll, test_accuracy: last.accuracy, ece: last.ece, off_support_nonzero: await offSupportNonzero(be, posterior) });
          reliability('ssvi', last);
        }
      } finally {
        run.dispose();
        posterior.dispose();
      }
    }
    yield { step: total, total, metrics: { ...m, stage: 'done', wall_seconds: (performance.now() - started) / 1000 } };
  } finally {
    trainSet.dispose();
    be.dispose(testX);
  }
}

/** Entries of one sampled θ (read back in full) that are nonzero off the support: 0 when the sparsity holds exactly. */
async function offSupportNonzero(be: Backend, p: SparseGaussianPosterior): Promise<number> {
  p.resample(new Rng(0));
  const flat = be.tidy(() => p.flatWeights());
  try {
    const v = await be.read(flat);
    const on = new Set(p.indices);
    return v.reduce((n, x, i) => n + (x !== 0 && !on.has(i) ? 1 : 0), 0);
  } finally {
    be.dispose(flat);
  }
}
