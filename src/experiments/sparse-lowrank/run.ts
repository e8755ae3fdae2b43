// The sparse-lowrank run: dense, low-rank, SLTrain and LOST digits MLPs from scratch on one parameter budget.
import type { Backend } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import type { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset } from '../../learn/trainer';
import type { Parameterization } from '../../learn/parameterization';
import { SparseLowRankParameterization } from '../../learn/sparseLowRank';
import type { Metrics, Progress, RunContext } from '../framework/types';
import type { SparseLowRankConfig } from './schema';
import { equalBudgetRanks, matrixParams, type MatrixShape } from './budget';
import { buildVariant, HeadDenseParameterization, VARIANTS, type VariantId } from './variants';
import { learnedSpectra } from './spectra';

/** The support indices of every sparse matrix, as stored on the device (read back). */
async function deviceSupports(be: Backend, p: Parameterization): Promise<number[][]> {
  const inner = p instanceof HeadDenseParameterization ? p.inner : null;
  if (!(inner instanceof SparseLowRankParameterization)) return [];
  return Promise.all(inner.supports.map(async (s) => Array.from(await be.read(s.support)).slice(0, s.nnz)));
}

export async function* runSparseLowRank(config: SparseLowRankConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: config.testFraction, seed: config.seed, trainPerClass: config.trainPerClass || undefined });
  const L = Number(config.hiddenLayers);
  const mlp = new Mlp([digits.features, ...Array<number>(L).fill(config.hidden), digits.classes], config.activation as 'relu' | 'gelu' | 'tanh');
  const hidden: MatrixShape[] = mlp.weightShapes.slice(0, 2 * L).filter((s) => s.role === 'matrix');
  const budget = equalBudgetRanks(hidden, config.rank, config.density, config.lostDensity);
  const ranks: Record<VariantId, number> = { dense: Math.min(config.hidden, digits.features), lowrank: budget.lowrankRank, sltrain: budget.sltrainRank, lost: budget.lostRank };
  const head = mlp.weightShapes.slice(2 * L).reduce((s, w) => s + w.rows * w.cols, 0);
  const biases = mlp.weightShapes.slice(0, 2 * L).filter((s) => s.role === 'bias').reduce((s, w) => s + w.cols, 0);
  const formula: Record<VariantId, number> = {
    dense: matrixParams.dense(hidden),
    lowrank: matrixParams.lowrank(hidden, budget.lowrankRank),
    sltrain: matrixParams.sltrain(hidden, budget.sltrainRank, config.density),
    lost: matrixParams.lost(hidden, budget.lostRank, config.lostDensity),
  };
  const theta0 = mlp.initialWeights(ctx.rng);
  // one stream per variant, drawn in a fixed order, so a variant's numbers do not depend on which others run
  const rngs = Object.fromEntries(VARIANTS.map((v) => [v, ctx.rng.fork()])) as Record<VariantId, Rng>;
  const chosen = VARIANTS.filter((v) => config.variants.includes(v));
  const train = uploadDataset(be, digits.trainX, digits.trainY, digits.features);
  const test = uploadDataset(be, digits.testX, digits.testY, digits.features);
  const reports = Math.ceil(config.steps / config.reportEvery);
  const total = chosen.length * (reports + 1);
  const summary: Metrics = {
    n_train: digits.nTrain, n_test: digits.nTest, hidden_matrices: L, budget: budget.budget, head_params: head, bias_params: biases,
    budget_fraction: budget.budget / formula.dense, variants_run: [...chosen],
  };
  for (const v of VARIANTS) Object.assign(summary, { [`rank_${v}`]: ranks[v], [`matrix_params_${v}`]: formula[v] });
  let step = 0;
  let readbacks = 0;
  let trainSteps = 0;
  try {
    for (const v of chosen) {
      const param = await buildVariant(be, mlp, theta0, { id: v, rank: ranks[v], alpha: config.scale * ranks[v], density: config.density, lostDensity: config.lostDensity }, rngs[v]);
      const optimizer = createOptimizer(be, { kind: 'adam', lr: config.lr });
      const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: Math.min(config.batchSize, train.n), seed: config.seed, reportEvery: config.reportEvery, test });
      try {
        const params = param.trainableCount();
        Object.assign(summary, { [`params_${v}`]: params, [`optimizer_state_${v}`]: 2 * params });
        const supportBefore = await deviceSupports(be, param);
        const curve = { steps: [] as number[], loss: [] as number[], testLoss: [] as number[], testAccuracy: [] as number[] };
        for await (const r of trainer.run(config.steps, ctx.signal)) {
          curve.steps.push(r.step);
          curve.loss.push(r.loss);
          curve.testLoss.push(r.testLoss!);
          curve.testAccuracy.push(r.testAccuracy!);
          Object.assign(summary, { curve_steps: curve.steps, [`loss_${v}`]: curve.loss, [`test_loss_${v}`]: curve.testLoss, [`test_accuracy_${v}`]: curve.testAccuracy, stage: v });
          yield { step: Math.min(++step, total), total, metrics: { ...summary } };
        }
        if (ctx.signal.aborted) return;
        readbacks += trainer.readbacks;
        trainSteps += trainer.steps;
        Object.assign(summary, {
          [`final_loss_${v}`]: curve.loss[curve.loss.length - 1],
          [`final_test_loss_${v}`]: curve.testLoss[curve.testLoss.length - 1],
          [`final_test_accuracy_${v}`]: curve.testAccuracy[curve.testAccuracy.length - 1],
        });
        const spectra = await learnedSpectra(be, param, L);
        spectra.forEach((s, k) => {
          const l = `l${k + 1}`;
          Object.assign(summary, { [`sigma_${v}_${l}`]: s.sigma, [`numrank_${v}_${l}`]: s.numericalRank, [`erank_${v}_${l}`]: s.entropyRank });
          if (s.parts) Object.assign(summary, { [`sigma_${v}_ba_${l}`]: s.parts.lowRank, [`sigma_${v}_s_${l}`]: s.parts.sparse, [`offsupport_${v}_${l}`]: s.parts.offSupport });
        });
        if (supportBefore.length) {
          const after = await deviceSupports(be, param);
          const changed = supportBefore.reduce((c, idx, m) => c + idx.filter((x, i) => x !== after[m][i]).length, 0);
          Object.assign(summary, { [`support_nnz_${v}`]: supportBefore.reduce((s, idx) => s + idx.length, 0), [`support_changed_${v}`]: changed });
        }
        step = chosen.indexOf(v) * (reports + 1) + reports + 1;
        yield { step, total, metrics: { ...summary } };
      } finally {
        trainer.dispose();
        optimizer.dispose();
        param.dispose();
      }
    }
    yield { step: total, total, metrics: { ...summary, stage: 'done', readbacks_per_step: trainSteps ? readbacks / trainSteps : 0, wall_seconds: (performance.now() - started) / 1000 } };
  } finally {
    train.dispose();
    test.dispose();
  }
}
