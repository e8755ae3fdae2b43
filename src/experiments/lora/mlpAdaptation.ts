// The MLP half of the lora page: W₁ of a 64→h→10 MLP adapted to digits 5–9 by full FT, LoRA, LoRA-XS, LoRA-SB and SVFit.
import type { Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { gatherRows } from '../../learn/gatherKernels';
import { svd, type SvdResult } from '../../linalg/svd';
import { loraAdapter, loraSbAdapter, loraXsAdapter, svfitAdapter } from '../../learn/adapters/lowRankAdapters';
import { frozenAdapter, fullAdapter, type WeightAdapter } from '../../learn/adapters/weightAdapter';
import type { RunContext } from '../framework/types';
import type { LoraConfig } from './schema';
import { MLP_METHODS } from './schema';
import { datasetAccuracy } from '../common/datasetAccuracy';
import { deltaCosine, fineTune, firstBatchRows } from '../common/fineTune';
import { loraSbInitGap, svfitGradientError, svfitStartGap } from './initChecks';
import { pretrain, type DigitsTask } from '../common/digitsTasks';

type Metrics = Record<string, number | number[] | string[]>;

/** Yields the metrics gathered so far after each stage: pretraining + checks, full fine-tuning, each method. */
export async function* adaptMlp(config: LoraConfig, ctx: RunContext, task: DigitsTask, ranks: number[]): AsyncGenerator<Metrics> {
  const be = ctx.backend;
  const h = config.hidden;
  const mlp = new Mlp([64, h, 10]);
  const { weights, sourceAccuracy } = await pretrain(ctx, mlp, config.pretrainSteps, config.trainPerClass, config.seed, (l) => l < 5);
  const owned: Tensor[] = [...weights];
  const svds: SvdResult[] = [];
  try {
    const [W1, b1, W2, b2] = weights;
    const metrics: Metrics = { source_accuracy: sourceAccuracy, zero_shot_accuracy: await datasetAccuracy(be, mlp, weights, task.test) };

    // the update LoRA-SB approximates: full fine-tuning's first Adam step, −lr·g/(|g|+ε), on the Trainer's first batch
    const rows = be.keep(be.upload(firstBatchRows(task.train.n, config.seed), { rows: 32, cols: 1 }));
    owned.push(rows);
    const x = be.keep(gatherRows(be, task.train.X, rows, 0, 32));
    const y = be.keep(gatherRows(be, task.train.y, rows, 0, 32));
    owned.push(x, y);
    const update = be.keep(be.tidy(() => {
      const g = mlp.lossAndGrads(be, weights, x, y).grads[0];
      return be.elementwise('scale', be.elementwise('div', g, be.elementwise('scale', be.elementwise('abs', g), null, 1, 1e-8)), null, -config.lr);
    }));
    owned.push(update);
    const updateSvd = await svd(be, update, { method: 'jacobi' });
    const weightSvd = await svd(be, W1, { method: 'jacobi' });
    svds.push(updateSvd, weightSvd);
    const rMax = ranks[ranks.length - 1];
    Object.assign(metrics, {
      lorasb_init_gap: await loraSbInitGap(be, W1, update, updateSvd, ranks),
      svfit_start_gap: await svfitStartGap(be, W1, weightSvd, ranks),
      svfit_grad_error: await svfitGradientError(be, mlp, weights, 0, weightSvd, rMax, x, y, be.precision === 'f64' ? 1e-5 : 1e-2),
      update_sigma: Array.from(updateSvd.S),
      update_lowrank_energy: ranks.map((r) => updateSvd.S.slice(0, r).reduce((a, v) => a + v * v, 0) / updateSvd.S.reduce((a, v) => a + v * v, 0)),
    });
    yield { ...metrics };
    if (ctx.signal.aborted) return;

    const base = await be.read(W1);
    // W₁ through `adapter`, b₁ frozen; the classifier (W₂, b₂) is new to the 5–9 task, so it trains in full for every method
    const run = (adapter: WeightAdapter) => fineTune(be, mlp, [adapter, frozenAdapter(be, b1), fullAdapter(be, W2), fullAdapter(be, b2)], task, 0, { steps: config.steps, lr: config.lr, seed: config.seed + 2, signal: ctx.signal });
    const full = await run(fullAdapter(be, W1));
    // the floor every method must beat: W₁ frozen, only the new classifier trains
    const head = await run(frozenAdapter(be, W1));
    Object.assign(metrics, { full_accuracy: full.accuracy, full_params: full.trainable, head_only_accuracy: head.accuracy, head_only_params: head.trainable });
    yield { ...metrics };

    for (const { value: method } of MLP_METHODS) {
      if (!config.methods.includes(method)) continue;
      const acc: number[] = [], params: number[] = [], cos: number[] = [];
      for (const r of ranks) {
        if (ctx.signal.aborted) return;
        const rng = new Rng(config.seed + 3);
        const adapter = method === 'lora' ? loraAdapter(be, W1, r, rng)
          : method === 'lora-xs' ? loraXsAdapter(be, W1, weightSvd, r, rng.normals(r * r, 1e-5))
          : method === 'lora-sb' ? loraSbAdapter(be, W1, updateSvd, r)
          : svfitAdapter(be, W1, weightSvd.U, weightSvd.S, weightSvd.V, r);
        const res = await run(adapter);
        acc.push(res.accuracy);
        params.push(res.trainable);
        cos.push(deltaCosine(res.adapted, full.adapted, base));
      }
      Object.assign(metrics, { ranks, [`${method}_accuracy`]: acc, [`${method}_params`]: params, [`${method}_cos`]: cos });
      yield { ...metrics };
    }
  } finally {
    for (const s of svds) {
      be.dispose(s.U);
      be.dispose(s.V);
    }
    for (const t of owned) be.dispose(t);
  }
}
