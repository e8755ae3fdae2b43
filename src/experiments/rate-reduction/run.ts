// The rate-reduction run: MCR² training of sphere features on two moons in R^D, their spectra and membership, then CRATE on digits.
import type { Backend } from '../../engine/backend';
import { twoMoons } from '../../data/synthetic';
import { svd } from '../../linalg/svd';
import { membershipFromLabels, rateReduction } from '../../cluster/mcr2';
import { createOptimizer } from '../../learn/optimizers';
import type { Activation } from '../../learn/activationKernels';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { RateReductionConfig } from './schema';
import { featureNet, features, rateReductionStep } from './features';
import { oneHotRows, rateSystem, ratesFromLogdets, type RateSystem } from './rateGradient';
import { runCrateStack } from './crateRun';
import { trainCrate } from './crateTrain';
import { sinkhornMembership } from './sinkhorn';

const SINKHORN_ITERATIONS = 100;

/** Rows of a row-major n×d array as nested arrays (for streaming). */
function rowsOf(a: ArrayLike<number>, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => a[i * d + j]));
}

/** Singular values of each class's features (rows of z with that label), by the backend's SVD. */
async function classSpectra(be: Backend, z: Float64Array, labels: Int32Array, classes: number, d: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let c = 0; c < classes; c++) {
    const rows: number[] = [];
    labels.forEach((l, i) => { if (l === c) rows.push(i); });
    if (rows.length === 0) { out.push([]); continue; }
    const block = be.upload(Float64Array.from({ length: rows.length * d }, (_, k) => z[rows[Math.floor(k / d)] * d + (k % d)]), { rows: rows.length, cols: d });
    try {
      const { U, S, V } = await svd(be, block, { method: 'jacobi' });
      be.dispose(U);
      be.dispose(V);
      out.push(Array.from(S));
    } finally {
      be.dispose(block);
    }
  }
  return out;
}

export async function* runRateReduction(config: RateReductionConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const { samples: n, ambient: D, featureDim: d } = config;
  const moons = twoMoons(ctx.rng, { n, noise: config.noise, ambient: D }); // rows sorted by class: outer moon, then inner
  const labels = moons.labels;
  const mlp = featureNet(D, config.hidden, d, config.activation as Activation);
  const weights = mlp.init(be, ctx.rng);
  const x = be.keep(be.upload(moons.X, { rows: n, cols: D }));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: config.lr });
  const crateRng = ctx.rng.fork();
  const mlc = config.objective === 'mlc';
  const crateLayers = config.crate ? config.crateLayers : 0;
  const reports = Math.ceil(config.steps / config.reportEvery);
  const trainReports = config.crate ? Math.ceil(config.crateTrainSteps / config.reportEvery) + 1 : 0;
  const total = reports + crateLayers + trainReports + 1;
  const summary: Metrics = { n, d, labels: Array.from(labels), rate_steps: [], rate_R: [], rate_Rc: [], rate_deltaR: [] };
  let system: RateSystem | null = null;
  const readFeatures = async () => {
    const z = be.tidy(() => features(be, mlp, weights, x));
    try { return await be.read(z); } finally { be.dispose(z); }
  };
  try {
    const zInit = await readFeatures();
    summary.spectra_init = await classSpectra(be, zInit, labels, 2, d);
    yield { step: 0, total, metrics: { ...summary, features_init: rowsOf(zInit, n, d) } };
    if (!mlc) system = rateSystem(be, oneHotRows(labels, 2), n, 2, d, config.eps2);
    const history = { steps: [] as number[], R: [] as number[], Rc: [] as number[], deltaR: [] as number[] };
    for (let step = 0; step < config.steps && !ctx.signal.aborted; step++) {
      if (mlc && step % config.membershipEvery === 0) {
        const z = be.tidy(() => features(be, mlp, weights, x));
        const { plan } = await sinkhornMembership(be, z, config.temperature, SINKHORN_ITERATIONS).finally(() => be.dispose(z));
        system?.dispose();
        system = rateSystem(be, plan, n, n, d, config.eps2);
      }
      const { grads, logdets } = be.tidy(() => rateReductionStep(be, mlp, weights, x, system!));
      optimizer.step(weights, grads);
      for (const g of grads) be.dispose(g);
      const report = step % config.reportEvery === 0;
      const values = report ? await be.read(logdets) : null;
      be.dispose(logdets);
      if (values) {
        // the rates of the weights this step's gradient was taken at (after `step` updates)
        const r = ratesFromLogdets(system!, values);
        history.steps.push(step);
        history.R.push(r.R);
        history.Rc.push(r.Rc);
        history.deltaR.push(r.deltaR);
        Object.assign(summary, { rate_steps: [...history.steps], rate_R: [...history.R], rate_Rc: [...history.Rc], rate_deltaR: [...history.deltaR] });
        yield { step: Math.min(history.steps.length, reports), total, metrics: { ...summary } };
      }
    }
    if (ctx.signal.aborted) return;

    // the learned features, measured by src/cluster's coding rates (an implementation independent of the gradient's)
    const z = be.tidy(() => features(be, mlp, weights, x));
    const labelMembership = membershipFromLabels(be, labels, 2);
    let heavy: Metrics;
    try {
      const byLabels = await rateReduction(be, z, labelMembership, config.eps2);
      const { plan, rowError, colError } = await sinkhornMembership(be, z, config.temperature, SINKHORN_ITERATIONS);
      const zFinal = await be.read(z);
      Object.assign(summary, {
        R_final: byLabels.R, Rc_final: byLabels.Rc, deltaR_final: byLabels.deltaR, deltaR_initial: history.deltaR[0] ?? NaN,
        spectra_final: await classSpectra(be, zFinal, labels, 2, d),
        sinkhorn_row_error: rowError, sinkhorn_col_error: colError,
      });
      // the large arrays are streamed once; plots find them in the history
      heavy = { features_final: rowsOf(zFinal, n, d), membership: rowsOf(plan, n, n) };
    } finally {
      be.dispose(z);
      be.dispose(labelMembership);
    }
    yield { step: reports, total, metrics: { ...summary, ...heavy } };

    if (config.crate) {
      for await (const t of runCrateStack(be, crateRng, ctx.data, config, ctx.signal)) {
        Object.assign(summary, { crate_points: [...t.points], crate_Rc: [...t.Rc], crate_R: [...t.R], crate_sparsity: [...t.sparsity] });
        yield { step: reports + t.layer, total, metrics: { ...summary } };
      }
      for await (const t of trainCrate(be, crateRng, ctx.data, config, ctx.signal)) {
        Object.assign(summary, { crate_train_steps: [...t.steps], crate_train_loss: [...t.loss], crate_train_acc: [...t.accuracy] });
        if (t.before && t.after) {
          Object.assign(summary, {
            crate_layer_Rc_before: t.before.Rc, crate_layer_Rc_after: t.after.Rc,
            crate_layer_sparsity_before: t.before.sparsity, crate_layer_sparsity_after: t.after.sparsity,
            crate_acc_trained: t.accTrained!, crate_acc_random: t.accRandom!,
          });
        }
        yield { step: Math.min(reports + crateLayers + t.steps.length, total - 1), total, metrics: { ...summary } };
      }
    }
    if (ctx.signal.aborted) return;
    yield { step: total, total, metrics: { ...summary, wall_seconds: (performance.now() - started) / 1000 } };
  } finally {
    system?.dispose();
    optimizer.dispose();
    for (const w of weights) be.dispose(w);
    be.dispose(x);
  }
}
