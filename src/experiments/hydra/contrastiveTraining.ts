// The contrastive training loop both methods share: Hydra (class pairs through learned gates) and SimCLR (views, no gates).
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { createOptimizer } from '../../learn/optimizers';
import { infoNce } from '../../learn/infoNce';
import type { UploadedDigits } from '../../learn/uploadedDigits';
import { classPairs, hydraBatch, pairOneHot, rowsByClass, simclrBatch } from './classPairs';
import { gateLogitsGrad, gatherGates, hydraLoss } from './hydraLoss';

export type ContrastiveMethod = 'hydra' | 'simclr';

/** An encoder 64→hidden→d and, for Hydra, the gate logits W (P, d), one row per class pair (P = C(C+1)/2). */
export type ContrastiveModel = { model: Mlp; weights: Tensor[]; gateLogits: Tensor | null; dispose(): void };

export type ContrastiveOptions = { steps: number; lr: number; batch: number; tau: number; sparsity: number; gateLr: number; noise: number; signal: AbortSignal };

/**
 * A fresh encoder from `initSeed` (both methods pass the same seed, so they start from the same weights) and, for
 * Hydra, gate logits 0 (every gate ½: each pair starts with all dimensions half open).
 */
export function createContrastiveModel(be: Backend, method: ContrastiveMethod, o: { hidden: number; dim: number; classes: number; initSeed: number }): ContrastiveModel {
  const model = new Mlp([64, o.hidden, o.dim]);
  const weights = model.init(be, new Rng(o.initSeed));
  const gateLogits = method === 'hydra' ? be.keep(be.fill({ rows: classPairs(o.classes).length, cols: o.dim }, 0)) : null;
  return { model, weights, gateLogits, dispose: () => { for (const t of [...weights, ...(gateLogits ? [gateLogits] : [])]) be.dispose(t); } };
}

/**
 * Adam (encoder `lr`, gates `gateLr`) on symmetric InfoNCE with in-batch negatives. Hydra: positives are two digits
 * of a random class pair, compared through that pair's gates σ(W_pair), plus λ·mean(g). SimCLR: two views of one digit.
 * Yields the mean loss since the last yield, reading back once every ≥ 10 steps (about 12 points per run).
 */
export async function* trainContrastive(be: Backend, d: UploadedDigits, net: ContrastiveModel, method: ContrastiveMethod, rng: Rng, o: ContrastiveOptions): AsyncGenerator<{ step: number; loss: number }> {
  if (o.batch < 2) throw new RangeError('contrastive training needs at least 2 pairs per batch (the others are the negatives)');
  const adam = createOptimizer(be, { kind: 'adam', lr: o.lr });
  const gateAdam = createOptimizer(be, { kind: 'adam', lr: o.gateLr });
  const byClass = rowsByClass(d.trainY, d.classes);
  const B = o.batch;
  const P = net.gateLogits?.rows ?? 0;
  const labels = be.keep(be.upload(Int32Array.from({ length: B }, (_, i) => i), { rows: B, cols: 1 }));
  let lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
  const every = Math.max(10, Math.ceil(o.steps / 12));
  let last = 0;
  try {
    for (let step = 1; step <= o.steps; step++) {
      if (o.signal.aborted) return;
      const batch = method === 'hydra' ? hydraBatch(d.trainX, byClass, B, rng, o.noise) : simclrBatch(d.trainX, d.nTrain, B, rng, o.noise);
      be.tidy(() => {
        const x1 = be.upload(batch.x1, { rows: B, cols: 64 });
        const x2 = be.upload(batch.x2, { rows: B, cols: 64 });
        const f1 = net.model.forward(be, net.weights, x1);
        const f2 = net.model.forward(be, net.weights, x2);
        let loss: Tensor;
        let df1: Tensor;
        let df2: Tensor;
        if (net.gateLogits) {
          const oneHot = be.upload(pairOneHot(batch.pairs, P), { rows: B, cols: P });
          const gates = gatherGates(be, oneHot, net.gateLogits);
          const h = hydraLoss(be, f1.logits, f2.logits, gates, labels, o.tau, o.sparsity);
          ({ loss, df1, df2 } = h);
          gateAdam.step([net.gateLogits], [gateLogitsGrad(be, oneHot, gates, h.dGates)]);
        } else {
          const l = infoNce(be, f1.logits, f2.logits, labels, o.tau);
          [loss, df1, df2] = [l.loss, l.dz1, l.dz2];
        }
        const g1 = net.model.backward(be, net.weights, f1.cache, df1);
        const g2 = net.model.backward(be, net.weights, f2.cache, df2);
        adam.step(net.weights, g1.map((g, i) => be.elementwise('add', g, g2[i])));
        const next = be.keep(be.elementwise('add', lossSum, loss));
        be.dispose(lossSum);
        lossSum = next;
      });
      if (step % every === 0 || step === o.steps) {
        const [total] = await be.read(lossSum);
        be.dispose(lossSum);
        lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
        yield { step, loss: total / (step - last) };
        last = step;
      }
    }
  } finally {
    for (const t of [labels, lossSum]) be.dispose(t);
    adam.dispose();
    gateAdam.dispose();
  }
}
