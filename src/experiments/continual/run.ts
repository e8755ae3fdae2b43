// The continual run: digits as 5 two-class tasks in sequence; CoSO against plain fine-tuning, accuracy on every task after each.
import type { Tensor } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { copySegment } from '../../learn/gatherKernels';
import type { Metrics, Progress, RunContext } from '../framework/types';
import { BatchSampler } from '../common/batchSampler';
import { CosoLearner, FineTuneLearner, type Learner } from './learners';
import type { ContinualConfig } from './schema';
import { TASKS, taskDatasets, taskLossAndGrads, taskSums } from './tasks';

/** Average drop from just after learning a task to the end, over all but the last task: mean_i A[i][i] − A[i][T−1]. */
export function averageDrop(acc: number[][]): number {
  const T = acc.length;
  if (T < 2) return 0;
  let total = 0;
  for (let i = 0; i < T - 1; i++) total += acc[i][i] - acc[i][T - 1];
  return total / (T - 1);
}

async function readPacked(ctx: RunContext, parts: Tensor[][]): Promise<Float64Array> {
  const be = ctx.backend;
  const total = parts.flat().reduce((n, t) => n + t.rows * t.cols, 0);
  const packed = be.tidy(() => {
    const out = be.fill({ rows: 1, cols: total }, 0);
    let offset = 0;
    for (const t of parts.flat()) {
      copySegment(be, t, 0, out, offset, t.rows * t.cols);
      offset += t.rows * t.cols;
    }
    return out;
  });
  try {
    return await be.read(packed);
  } finally {
    be.dispose(packed);
  }
}

export async function* runContinual(config: ContinualConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const started = performance.now();
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: config.testFraction, seed: config.seed, trainPerClass: config.trainPerClass || undefined });
  const mlp = new Mlp([digits.features, ...Array.from({ length: config.depth }, () => config.hidden), digits.classes]);
  const theta0 = mlp.initialWeights(ctx.rng);
  const data = taskDatasets(be, digits);
  const learners: Learner[] = [];
  const acc: Record<string, number[][]> = { coso: [], finetune: [] };
  for (const k of Object.keys(acc)) acc[k] = Array.from({ length: TASKS }, () => new Array<number>(TASKS).fill(0));
  const curves = { steps: [] as number[], coso: [] as number[], finetune: [] as number[] };
  const historyDims: number[][] = [];
  const addedDims: number[][] = [];
  const orthogonality: number[] = [];
  const summary: Metrics = { tasks: Array.from({ length: TASKS }, (_, t) => `${2 * t}/${2 * t + 1}`), sizes: mlp.sizes.join('-'), n_train: digits.nTrain };
  try {
    learners.push(new CosoLearner(be, mlp.init(be, ctx.rng, theta0), config), new FineTuneLearner(be, mlp.init(be, ctx.rng, theta0), config));
    const coso = learners[0] as CosoLearner;
    let globalStep = 0;
    for (let task = 0; task < TASKS; task++) {
      historyDims.push(coso.layers.map((l) => l.historyDim));
      for (const l of learners) l.beginTask();
      const sampler = new BatchSampler(be, data.train[task], Math.min(config.batchSize, data.train[task].n), config.seed * 31 + task);
      let sums = learners.map(() => be.keep(be.fill({ rows: 1, cols: 2 }, 0)));
      let since = 0;
      try {
        for (let s = 0; s < config.stepsPerTask; s++) {
          if (ctx.signal.aborted) return;
          const { x, y } = sampler.next();
          try {
            for (const [k, l] of learners.entries()) {
              const grads = be.tidy(() => {
                const out = taskLossAndGrads(be, mlp, l.weights, x, y, task);
                const next = be.keep(be.elementwise('add', sums[k], be.reduce('sum', out.rowStats, 'perCol')));
                be.dispose(sums[k]);
                sums[k] = next;
                return out.grads;
              });
              try {
                await l.prepare(grads);
                be.tidy(() => l.step(grads));
              } finally {
                for (const g of grads) be.dispose(g);
              }
            }
          } finally {
            be.dispose(x);
            be.dispose(y);
          }
          since++;
          globalStep++;
          if (since === config.reportEvery || s === config.stepsPerTask - 1) {
            const v = await readPacked(ctx, [sums]);
            curves.steps.push(globalStep);
            learners.forEach((l, k) => curves[l.name].push(v[2 * k] / (since * sampler.batchSize)));
            for (const t of sums) be.dispose(t);
            sums = learners.map(() => be.keep(be.fill({ rows: 1, cols: 2 }, 0)));
            since = 0;
            yield { step: globalStep, total: TASKS * config.stepsPerTask, metrics: { ...summary, stage: `task ${task + 1}`, loss_steps: curves.steps, loss_coso: curves.coso, loss_finetune: curves.finetune } };
          }
        }
      } finally {
        for (const t of sums) be.dispose(t);
        sampler.dispose();
      }
      // one readback: every learner on every task's test set, and CoSO's ‖HᵀΔW‖, ‖ΔW‖ per shared layer
      const parts = be.tidy(() => [
        ...learners.map((l) => data.test.map((d, i) => taskSums(be, mlp, l.weights, d, i))),
        coso.orthogonality(),
      ]);
      let v: Float64Array;
      try {
        v = await readPacked(ctx, parts);
      } finally {
        for (const t of parts.flat()) be.dispose(t);
      }
      learners.forEach((l, k) => data.test.forEach((d, i) => (acc[l.name][i][task] = v[2 * (k * TASKS + i) + 1] / d.n)));
      const base = 2 * learners.length * TASKS;
      if (task > 0) orthogonality.push(Math.max(...coso.layers.map((_, j) => v[base + 2 * j] / Math.max(v[base + 2 * j + 1], 1e-30))));
      addedDims.push(task < TASKS - 1 ? coso.endTask() : coso.layers.map(() => 0));
      for (const l of learners) if (l !== coso) l.endTask();
      const done = task === TASKS - 1;
      Object.assign(summary, {
        acc_coso: acc.coso.map((r) => [...r]), acc_finetune: acc.finetune.map((r) => [...r]), tasks_done: task + 1,
        history_dims: historyDims.map((r) => [...r]), added_dims: addedDims.map((r) => [...r]), orthogonality_ratio: [...orthogonality],
        orthogonality_max: orthogonality.length ? Math.max(...orthogonality) : 0, svd_count_coso: coso.svdCount(),
      });
      if (done) {
        Object.assign(summary, {
          forgetting_coso: averageDrop(acc.coso), forgetting_finetune: averageDrop(acc.finetune),
          final_accuracy_coso: acc.coso.reduce((s, r) => s + r[TASKS - 1], 0) / TASKS,
          final_accuracy_finetune: acc.finetune.reduce((s, r) => s + r[TASKS - 1], 0) / TASKS,
          wall_seconds: (performance.now() - started) / 1000,
        });
      }
      yield { step: globalStep, total: TASKS * config.stepsPerTask, metrics: { ...summary, stage: done ? 'done' : `task ${task + 1} done`, loss_steps: curves.steps, loss_coso: curves.coso, loss_finetune: curves.finetune } };
    }
  } finally {
    for (const l of learners) l.dispose();
    for (const d of [...data.train, ...data.test]) d.dispose();
  }
}
