// The sampling run: score the rows (leverage, Lewis weights, sensitivities), sample by each score, measure distortion and regression error.
import type { Metrics, Progress, RunContext } from '../framework/types';
import { householderQr } from '../../linalg/qr';
import { lewisWeightsOnDevice, requireFullRank } from '../../linalg/rowScores';
import { Scratch } from '../../linalg/matrixChecksKernels';
import { SCHEMES, type SamplingConfig, type Scheme } from './schema';
import { tallProblem } from './tallMatrix';
import { drawSamples, inclusionProbabilities, median, sampleSizes, schemeScores, type RowScores } from './rowSampling';
import { sensitivityBracket } from './sensitivities';
import { sampleDistortions, testDirections } from './distortion';
import { regressionCosts } from './lpRegression';
import { batchChunks, paperSampleSize, rowsByDescendingScore, sum } from './samplingMath';

/**
 * The sampling page's run. Headline metrics (all final):
 * - `leverage_sum`, `lewis_sum` (Σ over rows at the headline p; both should be d), `lewis_sums` per `p_values`;
 * - `distortion_<scheme>`: number[] over `m_values`, the median distortion at the headline p, for each scheme in
 *   `schemes` (uniform, leverage, root-leverage, lewis, sensitivity); `distortion_by_p_<scheme>`: number[][], row k
 *   for `p_values[k]`;
 * - `regression_error_<scheme>`: number[] over `m_values`, median ‖Ax̂_S − b‖_p/‖Ax̂ − b‖_p − 1 at the headline p;
 * - `total_sensitivity` (estimated 𝔖, a lower bound), `total_sensitivity_upper`, `paper_samples`
 *   (𝔖^{2/p} or 𝔖^{2−2/p}) and `general_samples` (𝔖·d), each per `p_values`;
 * - per-row scores in `row_order` (by decreasing leverage): `score_leverage`, `score_lewis`, `score_sensitivity`,
 *   `score_sensitivity_upper`; `rows_kept`: the mean number of rows a sample kept, per `m_values` (≈ m).
 */
export async function* runSampling(config: SamplingConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const { rows: n, cols: d, trials } = config;
  const schemes = SCHEMES.filter((s) => config.schemes.includes(s));
  const pValues = [...new Set([...config.pGrid.map(Number), config.p])].sort((x, y) => x - y);
  const headline = pValues.indexOf(config.p);
  const ms = sampleSizes(Math.min(config.mMin, n), Math.min(config.mMax, n), config.mSteps);
  const problem = tallProblem(ctx.rng, n, d, config.tail, config.spikes);
  const scratch = new Scratch(be);
  try {
    const a = scratch.track(be.upload(problem.a, { rows: n, cols: d }));
    const b = scratch.track(be.upload(problem.b, { rows: n, cols: 1 }));
    const { Q, R } = householderQr(be, a);
    const q = scratch.track(Q);
    scratch.track(R);
    const tau = scratch.track(be.reduce('sumSquares', q, 'perRow'));
    const [leverage, qRows, rFactor] = await Promise.all([be.read(tau), be.read(q), be.read(R)]);
    requireFullRank(rFactor, d, be, 'sampling');
    const order = rowsByDescendingScore(leverage);

    // Scores at every p: Lewis weights by their fixed-point iteration, then the sensitivity bracket they give.
    const scores: RowScores[] = [];
    const lewisInfo: { sum: number; iterations: number; change: number }[] = [];
    const sensitivityUpper: Float64Array[] = [];
    const total = pValues.length * (1 + ms.length) + ms.length;
    let step = 0;
    const metrics: Metrics = {
      n, d, p: config.p, p_values: pValues, m_values: ms, schemes: [...schemes], spike_rows: problem.spikeRows,
      leverage_sum: sum(leverage), row_order: order, score_leverage: order.map((i) => leverage[i]),
    };
    for (const p of pValues) {
      if (ctx.signal.aborted) return;
      const lewis = await lewisWeightsOnDevice(be, a, p);
      const bracket = await sensitivityBracket(be, a, lewis.weights, p);
      scores.push({ leverage, lewis: lewis.weights, sensitivity: bracket.lower });
      sensitivityUpper.push(bracket.upper);
      lewisInfo.push({ sum: sum(lewis.weights), iterations: lewis.iterations, change: lewis.change });
      const sTotal = pValues.slice(0, scores.length).map((_, k) => sum(scores[k].sensitivity));
      Object.assign(metrics, {
        lewis_sums: lewisInfo.map((l) => l.sum), lewis_iterations: lewisInfo.map((l) => l.iterations), lewis_change: lewisInfo.map((l) => l.change),
        total_sensitivity: sTotal, total_sensitivity_upper: sensitivityUpper.map(sum),
        paper_samples: sTotal.map((s, k) => paperSampleSize(s, pValues[k])), general_samples: sTotal.map((s) => s * d),
      });
      if (p === config.p) {
        Object.assign(metrics, {
          lewis_sum: lewisInfo[lewisInfo.length - 1].sum,
          score_lewis: order.map((i) => lewis.weights[i]),
          score_sensitivity: order.map((i) => bracket.lower[i]),
          score_sensitivity_upper: order.map((i) => bracket.upper[i]),
        });
      }
      yield { step: ++step, total, metrics: { ...metrics } };
    }

    // Distortion of S·A for each p, sample size and scheme: the trials of all schemes batched together (chunked when large).
    const gaussian = ctx.rng.normals(d * config.directions);
    const byP: Record<Scheme, number[][]> = Object.fromEntries(schemes.map((s) => [s, pValues.map(() => [] as number[])])) as Record<Scheme, number[][]>;
    const kept: number[] = [];
    for (const [k, p] of pValues.entries()) {
      const top = [...new Set([...order.slice(0, 2 * d), ...rowsByDescendingScore(scores[k].lewis).slice(0, 2 * d)])];
      const directions = scratch.track(be.upload(testDirections(qRows, d, gaussian, config.directions, top), { rows: d, cols: config.directions + top.length }));
      for (const m of ms) {
        if (ctx.signal.aborted) return;
        const weights = new Float64Array(schemes.length * trials * n);
        let keptHere = 0;
        schemes.forEach((scheme, j) => {
          const draw = drawSamples(ctx.rng, inclusionProbabilities(schemeScores(scheme, scores[k], p), m), trials);
          weights.set(draw.weights, j * trials * n);
          keptHere += draw.kept.reduce((x, y) => x + y, 0);
        });
        if (k === 0) kept.push(keptHere / (schemes.length * trials));
        const distortions: number[] = [];
        for (const [start, count] of batchChunks(schemes.length * trials, n * d)) {
          distortions.push(...await sampleDistortions(be, q, directions, weights.subarray(start * n, (start + count) * n), count, p));
        }
        schemes.forEach((scheme, j) => byP[scheme][k].push(median(distortions.slice(j * trials, (j + 1) * trials))));
        for (const scheme of schemes) {
          metrics[`distortion_by_p_${scheme}`] = byP[scheme].map((row) => [...row]);
          metrics[`distortion_${scheme}`] = [...byP[scheme][headline]];
        }
        metrics.rows_kept = [...kept];
        yield { step: ++step, total, metrics: { ...metrics } };
      }
      scratch.free(directions);
    }

    // ℓp regression at the headline p: each scheme's sampled problem against the full one (the last batch item).
    const p = config.p;
    const delta = 1e-4 * Math.sqrt(sum(problem.b.map((v) => v * v)) / n);
    const regression: Record<Scheme, number[]> = Object.fromEntries(schemes.map((s) => [s, [] as number[]])) as Record<Scheme, number[]>;
    for (const m of ms) {
      if (ctx.signal.aborted) return;
      const batch = schemes.length * trials + 1;
      const weights = new Float64Array(batch * n).fill(1, (batch - 1) * n);
      schemes.forEach((scheme, j) => {
        weights.set(drawSamples(ctx.rng, inclusionProbabilities(schemeScores(scheme, scores[headline], p), m), trials).weights, j * trials * n);
      });
      const costs = new Float64Array(batch);
      for (const [start, count] of batchChunks(batch, n * d)) {
        costs.set(await regressionCosts(be, a, b, weights.subarray(start * n, (start + count) * n), count, p, config.irls, delta), start);
      }
      const full = costs[batch - 1];
      schemes.forEach((scheme, j) => {
        regression[scheme].push(median(Array.from(costs.slice(j * trials, (j + 1) * trials), (c) => (c / full) ** (1 / p) - 1)));
        metrics[`regression_error_${scheme}`] = [...regression[scheme]];
      });
      metrics.regression_cost_full = full;
      metrics.wall_seconds = (performance.now() - started) / 1000;
      yield { step: ++step, total, metrics: { ...metrics } };
    }
  } finally {
    scratch.dispose();
  }
}
