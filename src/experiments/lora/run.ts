// The lora run, all on the backend: an MLP's W₁ and a CNN's conv kernel, each pretrained on digits 0–4 and adapted to 5–9.
import type { Progress, RunContext } from '../framework/types';
import type { LoraConfig } from './schema';
import { MLP_METHODS } from './schema';
import { adaptMlp } from './mlpAdaptation';
import { adaptConv, convMethods } from './convAdaptation';
import { digitsTask } from '../common/digitsTasks';

export async function* runLora(config: LoraConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const ranks = config.ranks.map(Number).sort((a, b) => a - b);
  if (ranks.some((r) => r > config.hidden)) throw new RangeError(`every rank must be at most the hidden width ${config.hidden} (W₁ is ${config.hidden}×64)`);
  const mlpMethods = MLP_METHODS.filter((m) => config.methods.includes(m.value)).length;
  const conv = convMethods(config).length;
  if (conv && !ranks.some((r) => r <= config.convChannels)) throw new RangeError(`FLoRA and conv LoRA need a rank at most the conv channels ${config.convChannels}; pick a smaller rank or more channels`);
  const total = 2 + mlpMethods + (conv ? 1 + conv : 0);
  const task = await digitsTask(ctx, config.trainPerClass, config.seed, (l) => l >= 5);
  try {
    let step = 0;
    let metrics: Progress['metrics'] = {};
    for await (const m of adaptMlp(config, ctx, task, ranks)) {
      metrics = m;
      yield { step: ++step, total, metrics };
    }
    if (!conv || ctx.signal.aborted) return;
    for await (const m of adaptConv(config, ctx, ranks, metrics as Record<string, number | number[] | string[]>)) yield { step: ++step, total, metrics: m };
  } finally {
    task.dispose();
  }
}
