// The robust-recovery run: ℓ1 SubGM from several initial scales, the ℓ2 baseline, and a sweep over outlier fractions, all in one batch.
import { Rng } from '../../data/rng';
import type { Metrics, Progress, RunContext } from '../framework/types';
import { ALPHA_SWEEP, OUTLIER_SWEEP, type RobustRecoveryConfig } from './schema';
import { drawProblem, initDirection } from './problem';
import { RecoveryBatch, type RunSpec } from './recoveryBatch';

/** Largest singular value beyond the true rank: how far the over-parameterized directions have grown. */
export function spuriousSize(sv: number[], trueRank: number): number {
  return sv.length > trueRank ? Math.max(...sv.slice(trueRank)) : 0;
}

/** The batch's runs, in order: the headline ℓ1 run, the α sweep, the headline ℓ2 run, then ℓ1/ℓ2 pairs per outlier fraction. */
export function runSpecs(config: RobustRecoveryConfig): RunSpec[] {
  const { alpha, outliers } = config;
  return [
    { loss: 'l1', alpha, outliers },
    ...ALPHA_SWEEP.map((a): RunSpec => ({ loss: 'l1', alpha: a, outliers })),
    { loss: 'l2', alpha, outliers },
    ...OUTLIER_SWEEP.flatMap((p): RunSpec[] => [{ loss: 'l1', alpha, outliers: p }, { loss: 'l2', alpha, outliers: p }]),
  ];
}

const MAIN_L1 = 0;
const SWEEP_ALPHA = 1; // runs 1 … ALPHA_SWEEP.length
const MAIN_L2 = 1 + ALPHA_SWEEP.length;
const SWEEP_OUTLIERS = MAIN_L2 + 1;
const LARGE_INIT = SWEEP_ALPHA + ALPHA_SWEEP.length - 1; // α = 1

/** Runs every spec of runSpecs in one RecoveryBatch, yielding errors and singular values every `every` iterations. */
export async function* runRobustRecovery(config: RobustRecoveryConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const started = performance.now();
  const { n, trueRank, rank, measurements: m, iterations, every } = config;
  if (trueRank > n) throw new RangeError(`The true rank (${trueRank}) cannot exceed the matrix size n = ${n}.`);
  if (rank < trueRank) throw new RangeError(`The fitted rank r = ${rank} is below the true rank ${trueRank}: UUᵀ could never equal X*. Over-estimate it instead.`);
  if (rank > n) throw new RangeError(`The fitted rank r = ${rank} cannot exceed the matrix size n = ${n}.`);
  const problem = drawProblem(ctx.rng, { n, trueRank, m, outlierScale: config.outlierScale });
  // B gets its own stream so that changing m or the outliers (which consume ctx.rng) leaves the initialization unchanged
  const init = initDirection(new Rng(config.seed + 1), n, rank);
  const specs = runSpecs(config);
  const batch = new RecoveryBatch(ctx.backend, problem, init, rank, specs, config);
  try {
    const checkpoints: number[] = [];
    const errors: number[][] = specs.map(() => []);
    const svMain: number[][] = [];
    const svLarge: number[][] = [];
    const measure = async (t: number): Promise<Metrics> => {
      const e = await batch.errors();
      const bad = specs.findIndex((_, b) => !Number.isFinite(e[b]));
      if (bad >= 0) {
        const s = specs[bad];
        throw new Error(`The ${s.loss === 'l1' ? 'ℓ1 SubGM' : 'ℓ2 GD'} run (α = ${s.alpha}, ${s.outliers * 100}% outliers) diverged at iteration ${t}: lower its step.`);
      }
      const sv = await batch.singularValues(SWEEP_ALPHA + ALPHA_SWEEP.length);
      checkpoints.push(t);
      e.forEach((v, b) => errors[b].push(v));
      svMain.push(sv[MAIN_L1]);
      svLarge.push(sv[LARGE_INIT]);
      const last = (b: number) => errors[b][errors[b].length - 1];
      return {
        iteration: [...checkpoints],
        alphas: ALPHA_SWEEP,
        error_alpha: ALPHA_SWEEP.map((_, i) => [...errors[SWEEP_ALPHA + i]]),
        error_l1: [...errors[MAIN_L1]],
        error_l2: [...errors[MAIN_L2]],
        sv_main: [...svMain],
        sv_large: [...svLarge],
        sweep_outliers: OUTLIER_SWEEP,
        sweep_error_l1: OUTLIER_SWEEP.map((_, i) => last(SWEEP_OUTLIERS + 2 * i)),
        sweep_error_l2: OUTLIER_SWEEP.map((_, i) => last(SWEEP_OUTLIERS + 2 * i + 1)),
        final_error_l1: last(MAIN_L1),
        final_error_l2: last(MAIN_L2),
        final_error_alpha: ALPHA_SWEEP.map((_, i) => last(SWEEP_ALPHA + i)),
        spurious_l1: spuriousSize(sv[MAIN_L1], trueRank),
        spurious_large: spuriousSize(sv[LARGE_INIT], trueRank),
      };
    };
    yield { step: 0, total: iterations, metrics: await measure(0) };
    for (let t = 1; t <= iterations; t++) {
      if (ctx.signal.aborted) return;
      batch.step();
      if (t % every === 0 || t === iterations) {
        const metrics = await measure(t);
        if (t === iterations) metrics.wall_seconds = (performance.now() - started) / 1000;
        yield { step: t, total: iterations, metrics };
      }
    }
  } finally {
    batch.dispose();
  }
}
