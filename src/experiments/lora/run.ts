// The lora run: pretrain on digits 0–4 (backend), then adapt W1 to 5–9 by full FT, LoRA, LoRA-SB and SVFit (new head trains).
import { Rng } from '../../data/rng';
import type { Backend } from '../../engine/backend';
import { svd } from '../../linalg/svd';
import type { Progress, RunContext } from '../framework/types';
import type { LoraConfig } from './schema';
import { fullAdapter, HostAdam, loraAdapter, loraSbAdapter, svfitAdapter, type Adapter, type HostSvd } from './adapters';
import { accuracy, lossAndGrads, type HostMlp } from './hostMlp';
import { pretrainOnLowDigits, type Pretrained } from './pretrain';

const BATCH = 32;

async function hostSvd(be: Backend, A: Float64Array, m: number, n: number): Promise<HostSvd> {
  const t = be.upload(A, { rows: m, cols: n });
  try {
    const { U, S, V } = await svd(be, t, { method: 'jacobi' });
    try {
      const [u, v] = await Promise.all([be.read(U), be.read(V)]);
      return { m, n, r: S.length, U: Float64Array.from(u), S: Float64Array.from(S), V: Float64Array.from(v) };
    } finally {
      be.dispose(U);
      be.dispose(V);
    }
  } finally {
    be.dispose(t);
  }
}

/** Batches of the 5–9 training set, the same sequence for every method. */
function batches(p: Pretrained, steps: number, seed: number): Int32Array[] {
  const rng = new Rng(seed);
  const perm = Int32Array.from({ length: p.train.n }, (_, i) => i);
  const out: Int32Array[] = [];
  let cursor = p.train.n;
  for (let s = 0; s < steps; s++) {
    if (cursor + BATCH > p.train.n) {
      rng.shuffle(perm);
      cursor = 0;
    }
    out.push(perm.slice(cursor, cursor + BATCH));
    cursor += BATCH;
  }
  return out;
}

/**
 * Adapts W1 through `adapter`; the classifier (W2 and b2) is new to the 5–9 task, so it trains in full for every method.
 * @returns test accuracy on 5–9, W1's change, and the number of trained parameters
 */
function fineTune(net: HostMlp, p: Pretrained, adapter: Adapter, plan: Int32Array[], lr: number) {
  const head = fullAdapter(p.weights[1]);
  const b2 = Float64Array.from(p.biases[1]);
  const tuned: HostMlp = { sizes: net.sizes, biases: [p.biases[0], b2] };
  const opts = [adapter, head].map((a) => new HostAdam(a.params, lr));
  const biasOpt = new HostAdam(b2, lr);
  for (const batch of plan) {
    const { G, gb2 } = lossAndGrads(tuned, [adapter.weight(), head.weight()], p.train.X, p.train.y, batch);
    opts[0].step(adapter.grad(G[0]));
    opts[1].step(G[1]);
    biasOpt.step(gb2);
  }
  const W = [adapter.weight(), head.weight()];
  const delta = Array.from(W[0], (v, i) => v - p.weights[0][i]);
  return { accuracy: accuracy(tuned, W, p.test.X, p.test.y, p.test.n), delta, trainable: adapter.params.length + head.params.length + b2.length };
}

const cosine = (a: number[], b: number[]) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] ** 2; bb += b[i] ** 2; }
  return ab / Math.sqrt(aa * bb || 1);
};

export async function* runLora(config: LoraConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const ranks = config.ranks.map(Number).sort((a, b) => a - b);
  const h = config.hidden;
  if (ranks.some((r) => r > h)) throw new RangeError(`every rank must be at most the hidden width ${h} (W1 is ${h}×64)`);
  const total = config.methods.length + 3;
  const p = await pretrainOnLowDigits(ctx, h, config.pretrainSteps, config.trainPerClass, config.seed);
  const net: HostMlp = { sizes: [64, h, 10], biases: p.biases };
  const metrics: Record<string, number | number[] | string[]> = {
    source_accuracy: p.sourceAccuracy,
    zero_shot_accuracy: accuracy(net, p.weights, p.test.X, p.test.y, p.test.n),
  };
  yield { step: 1, total, metrics: { ...metrics } };

  const plan = batches(p, config.steps, config.seed + 2);
  // the update LoRA-SB approximates: full fine-tuning's first Adam step, −lr·g/(|g|+ε), on the first batch
  const g0 = lossAndGrads(net, p.weights, p.train.X, p.train.y, plan[0]).G;
  const firstUpdate = [g0[0].map((v) => (-config.lr * v) / (Math.abs(v) + 1e-8))];
  const updateSvd = [await hostSvd(be, firstUpdate[0], h, 64)];
  const weightSvd = [await hostSvd(be, p.weights[0], h, 64)];
  // check: B·R·A at init is the best rank-r approximation, ‖BRA − ΔW₁‖² = Σ_{i>r}σᵢ²(ΔW₁)
  let sbGap = 0;
  let svfitStart = 0;
  for (const r of ranks) {
    updateSvd.forEach((s, l) => {
      const a = loraSbAdapter(p.weights[l], s, r).weight();
      let err = 0;
      a.forEach((w, i) => (err += (w - p.weights[l][i] - firstUpdate[l][i]) ** 2));
      let tail = 0, all = 0;
      s.S.forEach((v, i) => { all += v * v; if (i >= r) tail += v * v; });
      sbGap = Math.max(sbGap, Math.abs(err - tail) / all);
    });
    weightSvd.forEach((s, l) => svfitAdapter(p.weights[l], s, r).weight().forEach((w, i) => (svfitStart = Math.max(svfitStart, Math.abs(w - p.weights[l][i])))));
  }
  // check: SVFit's ∂L/∂σ̃ = diag(U_rᵀ G V_r) against central differences (layer 1, largest rank, first batch)
  const rMax = ranks[ranks.length - 1];
  const fd = svfitAdapter(p.weights[0], weightSvd[0], rMax);
  const lossAt = () => lossAndGrads(net, [fd.weight(), p.weights[1]], p.train.X, p.train.y, plan[0]);
  const analytic = fd.grad(lossAt().G[0]);
  let fdErr = 0, fdNorm = 0;
  for (let i = 0; i < rMax; i++) {
    const v = fd.params[i];
    fd.params[i] = v + 1e-5;
    const up = lossAt().loss;
    fd.params[i] = v - 1e-5;
    const down = lossAt().loss;
    fd.params[i] = v;
    fdErr = Math.max(fdErr, Math.abs((up - down) / 2e-5 - analytic[i]));
    fdNorm = Math.max(fdNorm, Math.abs(analytic[i]));
  }
  Object.assign(metrics, {
    lorasb_init_gap: sbGap, svfit_start_gap: svfitStart, svfit_grad_error: fdErr / (fdNorm || 1),
    update_sigma_1: Array.from(updateSvd[0].S), update_lowrank_energy: ranks.map((r) => {
      const s = updateSvd[0].S;
      return s.slice(0, r).reduce((a, v) => a + v * v, 0) / s.reduce((a, v) => a + v * v, 0);
    }),
  });
  yield { step: 2, total, metrics: { ...metrics } };
  if (ctx.signal.aborted) return;

  const full = fineTune(net, p, fullAdapter(p.weights[0]), plan, config.lr);
  Object.assign(metrics, { full_accuracy: full.accuracy, full_params: full.trainable });
  yield { step: 3, total, metrics: { ...metrics } };
  let step = 3;
  for (const method of config.methods) {
    if (ctx.signal.aborted) return;
    const acc: number[] = [], params: number[] = [], cos: number[] = [];
    for (const r of ranks) {
      const rng = new Rng(config.seed + 3);
      const w = p.weights[0];
      const adapter = method === 'lora' ? loraAdapter(w, h, 64, r, rng) : method === 'lora-sb' ? loraSbAdapter(w, updateSvd[0], r) : svfitAdapter(w, weightSvd[0], r);
      const res = fineTune(net, p, adapter, plan, config.lr);
      acc.push(res.accuracy);
      params.push(res.trainable);
      cos.push(cosine(res.delta, full.delta));
    }
    Object.assign(metrics, { ranks, [`${method}_accuracy`]: acc, [`${method}_params`]: params, [`${method}_cos`]: cos });
    yield { step: ++step, total, metrics: { ...metrics } };
  }
}
