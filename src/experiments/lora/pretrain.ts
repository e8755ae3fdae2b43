// The lora page's starting point: a 64→h→10 digits MLP pretrained on the backend on digits 0–4 only, plus the 5–9 task.
import { loadDigits } from '../../data/datasets';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { DenseParameterization } from '../../learn/parameterization';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset } from '../../learn/trainer';
import type { RunContext } from '../framework/types';

export type Task = { X: Float64Array; y: Int32Array; n: number };
export type Pretrained = { hidden: number; weights: Float64Array[]; biases: [Float64Array, Float64Array]; sourceAccuracy: number; train: Task; test: Task };

function subset(X: Float32Array, y: Int32Array, keep: (label: number) => boolean): Task {
  const idx: number[] = [];
  y.forEach((label, i) => keep(label) && idx.push(i));
  const out = new Float64Array(idx.length * 64);
  idx.forEach((i, t) => out.set(X.subarray(i * 64, (i + 1) * 64), t * 64));
  return { X: out, y: Int32Array.from(idx, (i) => y[i]), n: idx.length };
}

/** Adam (lr 0.01, batch 32) for `steps` steps on digits 0–4; returns [W1, W2], [b1, b2] and the 5–9 splits. */
export async function pretrainOnLowDigits(ctx: RunContext, hidden: number, steps: number, trainPerClass: number, seed: number): Promise<Pretrained> {
  const be = ctx.backend;
  const d = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed, trainPerClass });
  const low = subset(d.trainX, d.trainY, (l) => l < 5);
  const lowTest = subset(d.testX, d.testY, (l) => l < 5);
  const mlp = new Mlp([64, hidden, 10]);
  const param = new DenseParameterization(be, mlp.init(be, new Rng(seed)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.01 });
  const train = uploadDataset(be, low.X, low.y, 64);
  const test = uploadDataset(be, lowTest.X, lowTest.y, 64);
  const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: 32, seed, reportEvery: Math.max(10, steps), test });
  try {
    let sourceAccuracy = 0;
    for await (const r of trainer.run(steps, ctx.signal)) sourceAccuracy = r.testAccuracy ?? 0;
    const [W1, b1, W2, b2] = await Promise.all(param.params.map((t) => be.read(t)));
    return {
      hidden,
      weights: [Float64Array.from(W1), Float64Array.from(W2)],
      biases: [Float64Array.from(b1), Float64Array.from(b2)],
      sourceAccuracy,
      train: subset(d.trainX, d.trainY, (l) => l >= 5),
      test: subset(d.testX, d.testY, (l) => l >= 5),
    };
  } finally {
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    train.dispose();
    test.dispose();
  }
}
