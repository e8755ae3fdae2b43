// MLP training throughput (samples/s) on digits: our webgpu and cpu backends vs tfjs-webgpu, ratios, and readbacks per step.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
// tfjs-core alone registers no gradients; training through optimizer.minimize needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { fetchSource, loadDigits } from '../src/data/datasets';
import { Rng } from '../src/data/rng';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { splitDigits, type DigitsSplit } from '../src/learn/digitsSplit';
import { Mlp } from '../src/learn/mlp';
import { DenseParameterization } from '../src/learn/parameterization';
import { createOptimizer } from '../src/learn/optimizers';
import { Trainer, uploadDataset } from '../src/learn/trainer';
import type { BenchResult } from './benchTypes';
import { adapterWords, ourBackend, tfjsWebgpu } from './matmulCommon';
import { timeInterleaved, type Contender, type TimingPlan } from './timing';

/** The page's digits MLP and batch, and a wider one where a GPU has more to do. */
/** `steps` per timed sample, each sample ending in exactly one metrics readback (the trainer's report); the wide
 * net's tfjs samples take most of a minute on the software adapter, hence fewer steps and repetitions there. */
const CONFIGS: { label: string; sizes: number[]; batch: number; steps: number; plan: TimingPlan }[] = [
  { label: '64-32-10, batch 32', sizes: [64, 32, 10], batch: 32, steps: 50, plan: { warmup: 1, minReps: 3, maxReps: 7, budgetMs: 30_000 } },
  { label: '64-256-256-10, batch 128', sizes: [64, 256, 256, 10], batch: 128, steps: 20, plan: { warmup: 1, minReps: 2, maxReps: 5, budgetMs: 20_000 } },
];

type Runner = Contender & { readbacks: () => number; steps: () => number; dispose: () => void };

/** Our Trainer (Adam, dense weights) on a backend, reporting once per STEPS steps (STEPS ≥ 10). */
function ours(name: string, be: Backend, data: DigitsSplit, sizes: number[], batch: number, STEPS: number, readbacks: () => number): Runner {
  const mlp = new Mlp(sizes, 'relu');
  const train = uploadDataset(be, data.trainX, data.trainY, 64);
  const param = new DenseParameterization(be, mlp.init(be, new Rng(1)));
  const optimizer = createOptimizer(be, { kind: 'adam', lr: 1e-3 });
  const trainer = new Trainer(be, mlp, param, optimizer, train, { batchSize: batch, seed: 1, reportEvery: STEPS });
  let steps = 0;
  const start = readbacks();
  return {
    name,
    once: async () => {
      for await (const report of trainer.run(STEPS)) void report;
      steps += STEPS;
    },
    readbacks: () => readbacks() - start,
    steps: () => steps,
    dispose: () => {
      for (const x of [trainer, optimizer, param, train]) x.dispose();
    },
  };
}

/** The same MLP in tfjs-webgpu: data on the GPU, batches by tf.gather, Adam via optimizer.minimize, loss read once per STEPS. */
function tfjs(data: DigitsSplit, sizes: number[], batch: number, STEPS: number): Runner {
  const rng = new Rng(1);
  const X = tf.tensor2d(data.trainX, [data.nTrain, 64]);
  const Y = tf.cast(tf.oneHot(tf.tensor1d(data.trainY, 'int32'), 10), 'float32');
  const vars: tf.Variable[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const bound = 1 / Math.sqrt(sizes[l - 1]);
    vars.push(tf.variable(tf.tensor2d(Float32Array.from({ length: sizes[l - 1] * sizes[l] }, () => (2 * rng.uniform() - 1) * bound), [sizes[l - 1], sizes[l]])));
    vars.push(tf.variable(tf.tensor1d(Float32Array.from({ length: sizes[l] }, () => (2 * rng.uniform() - 1) * bound))));
  }
  const optimizer = tf.train.adam(1e-3);
  let cursor = data.nTrain;
  let order = tf.tensor1d(new Int32Array(0), 'int32');
  let reads = 0;
  let steps = 0;
  const nextBatch = () => {
    if (cursor + batch > data.nTrain) {
      order.dispose();
      order = tf.keep(tf.tensor1d(rng.shuffle(Int32Array.from({ length: data.nTrain }, (_, i) => i)) as Int32Array, 'int32'));
      cursor = 0;
    }
    const idx = tf.slice(order, cursor, batch);
    cursor += batch;
    return idx;
  };
  return {
    name: 'tfjs-webgpu',
    once: async () => {
      let loss: tf.Scalar | null = null;
      for (let s = 0; s < STEPS; s++) {
        loss?.dispose();
        loss = tf.tidy(() => {
          const idx = nextBatch();
          const xb = tf.gather(X, idx);
          const yb = tf.gather(Y, idx);
          return optimizer.minimize(() => {
            let h: tf.Tensor = xb;
            for (let l = 0; l < vars.length; l += 2) {
              h = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
              if (l + 2 < vars.length) h = tf.relu(h);
            }
            return tf.losses.softmaxCrossEntropy(yb, h) as tf.Scalar;
          }, true) as tf.Scalar;
        });
      }
      await loss!.data();
      loss!.dispose();
      reads++;
      steps += STEPS;
    },
    readbacks: () => reads,
    steps: () => steps,
    dispose: () => {
      for (const v of vars) v.dispose();
      optimizer.dispose();
      for (const t of [X, Y, order]) t.dispose();
    },
  };
}

export async function run(log: (line: string) => void): Promise<BenchResult> {
  const gpu = await ourBackend(log);
  const tfAdapter = await tfjsWebgpu();
  const cpu = new CpuBackend();
  const data = splitDigits(await loadDigits(fetchSource('')), { testFraction: 0.2, seed: 1 });
  const adapter = adapterWords(gpu);
  log(`adapter: ${adapter}; tfjs sees ${tfAdapter}`);
  const rows: BenchResult['rows'] = [];
  for (const c of CONFIGS) {
    const runners = [
      ours('ours-webgpu', gpu, data, c.sizes, c.batch, c.steps, () => gpu.readbacks),
      ours('ours-cpu', cpu, data, c.sizes, c.batch, c.steps, () => 0),
      tfjs(data, c.sizes, c.batch, c.steps),
    ];
    const t = await timeInterleaved(runners, c.plan);
    const rate = (name: string) => (c.steps * c.batch) / (t[name].medianMs / 1000);
    const perStep = (r: Runner) => r.readbacks() / r.steps();
    log(`${c.label}: ${runners.map((r) => `${r.name} ${rate(r.name).toFixed(0)} samples/s`).join(', ')} (median of ${t['ours-webgpu'].reps})`);
    rows.push({
      model: c.label,
      oursWebgpu: rate('ours-webgpu'), oursCpu: rate('ours-cpu'), tfjs: rate('tfjs-webgpu'),
      vsTfjs: rate('ours-webgpu') / rate('tfjs-webgpu'), vsCpu: rate('ours-webgpu') / rate('ours-cpu'),
      readbacksPerStep: perStep(runners[0]), tfjsReadbacksPerStep: perStep(runners[2]),
    });
    for (const r of runners) r.dispose();
  }
  gpu.destroy();
  return {
    title: 'MLP training samples/s (Adam, data on the device; each timed sample of 20–50 steps ends in one metrics readback)',
    adapter,
    columns: [
      { key: 'model', label: 'MLP, batch' },
      { key: 'oursWebgpu', label: 'ours webgpu', digits: 0 },
      { key: 'oursCpu', label: 'ours cpu (f64)', digits: 0 },
      { key: 'tfjs', label: 'tfjs-webgpu', digits: 0 },
      { key: 'vsTfjs', label: 'webgpu/tfjs', digits: 2 },
      { key: 'vsCpu', label: 'webgpu/cpu', digits: 2 },
      { key: 'readbacksPerStep', label: 'readbacks/step', digits: 3 },
      { key: 'tfjsReadbacksPerStep', label: 'tfjs readbacks/step', digits: 3 },
    ],
    rows,
    notes: [
      `tfjs-webgpu adapter: ${tfAdapter}`,
      'ours: src/learn Trainer (index-gather batches, fused softmax cross-entropy, one fused Adam dispatch per tensor); tfjs: tf.gather + optimizer.minimize',
      'readbacks/step counts WebGpuBackend.readbacks over the timed steps (warm-up included)',
    ],
  };
}
