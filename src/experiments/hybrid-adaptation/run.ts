// The hybrid-adaptation run: pretrain on source digits, fit the two domains' subspaces from a few shots, adapt the generator.
import type { Backend, Tensor } from '../../engine/backend';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { HybridAdaptationConfig } from './schema';
import { buildSourceWorld, type SourceWorld } from './sourceWorld';
import { startAdaptation } from './generatorAdaptation';
import { twoLayerForward, type TwoLayerWeights } from './twoLayerNet';

/** Reports during adaptation (each one readback). */
const REPORTS = 10;
/** Images per row of the sample grids. */
const SAMPLES = 10;

/** Row j of a (n, 64) host array as a plain list. */
const rowsOf = (x: ArrayLike<number>, count: number): number[][] => Array.from({ length: count }, (_, j) => Array.from(Array.prototype.slice.call(x, j * 64, (j + 1) * 64) as number[]));

/** The first held-out latent of each class (up to SAMPLES), so the grids show one digit per class. */
function sampleRows(labels: Int32Array): number[] {
  const rows: number[] = [];
  for (let c = 0; c < 10 && rows.length < SAMPLES; c++) {
    const i = labels.indexOf(c);
    if (i >= 0) rows.push(i);
  }
  return rows;
}

/** G(z) for the chosen held-out latents, read back as (rows.length, 64). */
async function generate(be: Backend, w: TwoLayerWeights, latents: Tensor, rows: number[]): Promise<number[][]> {
  const images = be.tidy(() => twoLayerForward(be, w, latents).out);
  const all = await be.read(images);
  be.dispose(images);
  return rows.map((r) => Array.from(all.subarray(r * 64, (r + 1) * 64)));
}

export async function* runHybridAdaptation(config: HybridAdaptationConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const total = config.steps + 1;
  const world = await buildSourceWorld(ctx, config);
  try {
    yield* adapt(ctx, world, config, total);
  } finally {
    world.dispose();
  }
}

async function* adapt(ctx: RunContext, world: SourceWorld, config: HybridAdaptationConfig, total: number): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const { setup } = world;
  const rows = sampleRows(setup.evalLabels);
  const metrics: Metrics = {
    autoencoder_mse: world.autoencoderMse,
    encoder_accuracy: world.encoderAccuracy,
    judge_accuracy: world.judgeAccuracy,
    shots_a: rowsOf(world.shots[0], Math.min(SAMPLES, config.shots)),
    shots_b: rowsOf(world.shots[1], Math.min(SAMPLES, config.shots)),
    shot_spectrum_a: world.shotSpectra[0],
    shot_spectrum_b: world.shotSpectra[1],
    samples_before: await generate(be, setup.source, setup.evalLatents, rows),
  };
  const adaptation = startAdaptation(be, setup, {
    steps: config.steps, lr: config.lr, distanceWeight: config.distanceWeight, directionWeight: config.directionWeight,
    reportEvery: Math.max(10, Math.ceil(config.steps / REPORTS)),
  });
  try {
    const steps: number[] = [];
    const distA: number[] = [];
    const distB: number[] = [];
    const identity: number[] = [];
    const loss: number[] = [];
    for await (const r of adaptation.run(ctx.signal)) {
      steps.push(r.step);
      distA.push(r.distances[0]);
      distB.push(r.distances[1]);
      identity.push(r.identity);
      if (r.step === 0) Object.assign(metrics, { source_distance_a: r.distances[0], source_distance_b: r.distances[1], source_identity: r.identity });
      if (r.loss !== null) loss.push(r.loss);
      Object.assign(metrics, {
        steps: [...steps], distance_a: [...distA], distance_b: [...distB], identity: [...identity], loss_steps: steps.slice(1), loss: [...loss],
        distance_domain_a: r.distances[0], distance_domain_b: r.distances[1], identity_score: r.identity,
      });
      yield { step: r.step + 1, total, metrics: { ...metrics } };
    }
    if (ctx.signal.aborted) return;
    metrics.samples_after = await generate(be, adaptation.adapted, setup.evalLatents, rows);
    metrics.generator_change = await adaptation.relativeChange();
    yield { step: total, total, metrics: { ...metrics } };
  } finally {
    adaptation.dispose();
  }
}
