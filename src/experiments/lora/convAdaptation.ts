// The CNN half of the lora page: a CNN's second conv kernel adapted to shifted digits by full FT, FLoRA (Tucker core) and LoRA on its c×9c flattening.
import type { Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { ConvNet } from '../../learn/convNet';
import { loraAdapter } from '../../learn/adapters/lowRankAdapters';
import { floraAdapter, floraRanks, type KernelDims } from '../../learn/adapters/floraAdapter';
import { frozenAdapter, fullAdapter, type WeightAdapter } from '../../learn/adapters/weightAdapter';
import type { RunContext } from '../framework/types';
import type { LoraConfig } from './schema';
import { CONV_METHODS } from './schema';
import { datasetAccuracy } from '../common/datasetAccuracy';
import { deltaCosine, fineTune } from '../common/fineTune';
import { pretrain, digitsTask } from '../common/digitsTasks';

type Metrics = Record<string, number | number[] | string[]>;

/** Conv methods in the config, or none. */
export function convMethods(config: LoraConfig): string[] {
  return CONV_METHODS.map((m) => m.value as string).filter((m) => config.methods.includes(m));
}

/**
 * Pretrains the CNN on upright digits 0–9, then adapts only K₂ to the same split moved one pixel right and down (a
 * 3×3 kernel can absorb a one-pixel shift, the frozen classifier cannot). Yields after pretraining and full
 * fine-tuning of K₂, then after each conv method; shared metric names carry a conv_ prefix.
 */
export async function* adaptConv(config: LoraConfig, ctx: RunContext, allRanks: number[], startMetrics: Metrics): AsyncGenerator<Metrics> {
  const be = ctx.backend;
  const c = config.convChannels;
  const ranks = allRanks.filter((r) => r <= c);
  const net = new ConvNet([c, c]);
  const task = await digitsTask(ctx, config.trainPerClass, config.seed, () => true, true);
  let weights: Tensor[] = [];
  try {
    const pre = await pretrain(ctx, net, config.pretrainSteps, config.trainPerClass, config.seed, () => true);
    weights = pre.weights;
    const [K1, k1, K2, k2, W3, b3] = weights;
    const metrics: Metrics = { ...startMetrics, conv_source_accuracy: pre.sourceAccuracy, conv_zero_shot_accuracy: await datasetAccuracy(be, net, weights, task.test), conv_ranks: ranks };
    const base = await be.read(K2);
    // only K₂ changes: conv1, the biases and the classifier stay as pretrained (the classes are the same)
    const run = (adapter: WeightAdapter) => fineTune(be, net, [frozenAdapter(be, K1), frozenAdapter(be, k1), adapter, frozenAdapter(be, k2), frozenAdapter(be, W3), frozenAdapter(be, b3)], task, 2, { steps: config.steps, lr: config.lr, seed: config.seed + 2, signal: ctx.signal });
    const full = await run(fullAdapter(be, K2));
    Object.assign(metrics, { conv_full_accuracy: full.accuracy, conv_full_params: full.trainable });
    yield { ...metrics };
    const dims: KernelDims = [c, 3, 3, c];
    for (const method of convMethods(config)) {
      const acc: number[] = [], params: number[] = [], cos: number[] = [];
      for (const r of ranks) {
        if (ctx.signal.aborted) return;
        const rng = new Rng(config.seed + 4);
        const res = await run(method === 'flora' ? floraAdapter(be, K2, dims, floraRanks(dims, r), rng) : loraAdapter(be, K2, r, rng));
        acc.push(res.accuracy);
        params.push(res.trainable);
        cos.push(deltaCosine(res.adapted, full.adapted, base));
      }
      Object.assign(metrics, { [`${method}_accuracy`]: acc, [`${method}_params`]: params, [`${method}_cos`]: cos });
      yield { ...metrics };
    }
  } finally {
    for (const t of weights) be.dispose(t);
    net.dispose();
    task.dispose();
  }
}
