// The koopman run: DMD and EDMD baselines, then the Koopman autoencoder trained with the information terms, then long-horizon tests.
import type { Metrics, Progress, RunContext } from '../framework/types';
import { checkSystem, flow, sampleTrajectories, slowManifoldDictionary, stateObservables, trueEigenvalues, type SlowManifold } from './slowManifold';
import { eigenvalueMatchError } from './eigenvalueMatch';
import { fitEdmd, fitStateDmd, rolloutLinear } from './linearBaselines';
import { uploadWindows } from './koopmanWindows';
import { KoopmanTrainer } from './koopmanTraining';
import { TEST_STARTS, type KoopmanConfig } from './schema';

/** Reports per run: at most every 10 steps (DESIGN: ≤ one readback per 10 steps, beyond the entropy's eigh). */
const REPORTS = 40;

/** √(mean ‖x̂ − x‖²) / √(mean ‖x‖²) over all test trajectories and steps. */
export function relativeRms(predicted: Float64Array, truth: Float64Array): number {
  let err = 0;
  let ref = 0;
  for (let i = 0; i < truth.length; i++) {
    err += (predicted[i] - truth[i]) ** 2;
    ref += truth[i] ** 2;
  }
  return Math.sqrt(err / ref);
}

/** Coordinate c of each test trajectory as a row: (n, steps + 1). */
function coordinate(timeMajor: Float64Array, n: number, steps: number, c: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: steps + 1 }, (_, t) => timeMajor[(t * n + i) * 2 + c]));
}

/** A method's test trajectories as two metrics, <prefix>_x1 and <prefix>_x2. */
function trajectoryMetrics(prefix: string, timeMajor: Float64Array, n: number, steps: number): Metrics {
  return { [`${prefix}_x1`]: coordinate(timeMajor, n, steps, 0), [`${prefix}_x2`]: coordinate(timeMajor, n, steps, 1) };
}

/**
 * The page's run: fits DMD (state, rank 2) and EDMD ([x₁, x₂, x₁²]) once, yields their eigenvalues, trains the autoencoder
 * with ~40 reports (eigenvalues of K, losses, S and ρ's spectrum), then yields long-horizon test trajectories of every method.
 */
export async function* runKoopman(config: KoopmanConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const sys: SlowManifold = { mu: config.mu, lambda: config.lambda, dt: config.dt };
  checkSystem(sys);
  const { trajectories: W, horizon: S, steps } = config;
  if (config.horizon + 1 <= 2 * config.neighbourhood) {
    throw new RangeError(`The InfoNCE neighbourhood m = ${config.neighbourhood} needs more than 2m = ${2 * config.neighbourhood} steps per window; raise the horizon S (now ${S}) or lower m.`);
  }
  const truth = trueEigenvalues(sys);
  const states = sampleTrajectories(sys, ctx.rng, W, S);
  const stateDmd = await fitStateDmd(be, states, W, S, 2);
  const edmd = await fitEdmd(be, states, W, S);
  const total = steps + 1;
  const baseline: Metrics = {
    eig_true: truth,
    eig_edmd_re: edmd.re, eig_edmd_im: edmd.im, eig_error_edmd: eigenvalueMatchError(edmd, truth),
    eig_dmd_re: stateDmd.re, eig_dmd_im: stateDmd.im, eig_error_dmd: eigenvalueMatchError(stateDmd, truth.slice(0, 2)),
    entropy_max: Math.log(config.latent),
  };
  yield { step: 0, total, metrics: baseline };

  const data = uploadWindows(be, states, W, S);
  const trainer = new KoopmanTrainer(be, data, ctx.rng, {
    size: { state: 2, hidden: config.hidden, latent: config.latent }, lr: config.lr,
    weights: { linearity: config.linearity, mutualInfo: config.miWeight, entropy: config.entropyWeight },
    neighbourhood: config.neighbourhood, temperature: config.temperature,
  });
  try {
    const every = Math.max(10, Math.ceil(steps / REPORTS));
    const history = { step: [] as number[], entropy: [] as number[], decoder: [] as number[], linearity: [] as number[], infonce: [] as number[], eigError: [] as number[] };
    let latest: Metrics = {};
    for (let step = 1; step <= steps; step++) {
      if (ctx.signal.aborted) return;
      const report = await trainer.step(step % every === 0 || step === steps || step === 1).catch((e: Error) => {
        if (/non-finite/.test(e.message)) throw new RangeError(`Training diverged by step ${step}: the latent codes are no longer finite. Lower the learning rate (now ${config.lr}). (${e.message})`);
        throw e;
      });
      if (!report) continue;
      const eig = await trainer.eigenvalues();
      const eigError = eigenvalueMatchError(eig, truth);
      history.step.push(step);
      history.entropy.push(report.entropy);
      history.decoder.push(report.decoderLoss);
      history.linearity.push(report.linearityLoss);
      history.infonce.push(report.infoNce);
      history.eigError.push(eigError);
      latest = {
        eig_ae_re: eig.re, eig_ae_im: eig.im, eig_error_autoencoder: eigError, entropy: report.entropy, latent_spectrum: report.spectrum,
        loss_decoder: report.decoderLoss, loss_linearity: report.linearityLoss, infonce: report.infoNce,
        history_step: [...history.step], history_entropy: [...history.entropy], history_decoder: [...history.decoder],
        history_linearity: [...history.linearity], history_infonce: [...history.infonce], history_eig_error: [...history.eigError],
      };
      if (step < steps) yield { step, total, metrics: { ...baseline, ...latest } };
    }

    // long-horizon predictions from fixed starts, far past the training horizon
    const H = config.testSteps;
    const n = TEST_STARTS.length / 2;
    const exact = new Float64Array((H + 1) * n * 2);
    for (let i = 0; i < n; i++) for (let t = 0; t <= H; t++) exact.set(flow(sys, TEST_STARTS[2 * i], TEST_STARTS[2 * i + 1], t * sys.dt), (t * n + i) * 2);
    const fromAutoencoder = await trainer.predict(TEST_STARTS, H);
    const fromDmd = rolloutLinear(stateDmd, TEST_STARTS, H, stateObservables);
    const fromEdmd = rolloutLinear(edmd, TEST_STARTS, H, slowManifoldDictionary);
    yield {
      step: total,
      total,
      metrics: {
        ...baseline, ...latest,
        ...trajectoryMetrics('test_true', exact, n, H), ...trajectoryMetrics('test_autoencoder', fromAutoencoder, n, H),
        ...trajectoryMetrics('test_dmd', fromDmd, n, H), ...trajectoryMetrics('test_edmd', fromEdmd, n, H),
        prediction_error_autoencoder: relativeRms(fromAutoencoder, exact), prediction_error_dmd: relativeRms(fromDmd, exact),
        prediction_error_edmd: relativeRms(fromEdmd, exact),
        wall_seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    trainer.dispose();
    be.dispose(data.states);
    be.dispose(data.targets);
  }
}
