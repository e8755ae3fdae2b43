// What the page measures on a trained encoder: a linear probe's test accuracy, the embedding's spectrum, and the gate table.
import type { Backend, Tensor } from '../../engine/backend';
import { Mlp } from '../../learn/mlp';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { featureDataset, type UploadedDigits } from '../../learn/uploadedDigits';
import { featureSpectrum } from '../../linalg/featureSpectrum';
import type { ContrastiveModel } from './contrastiveTraining';
import { classPairs } from './classPairs';
import { sigmoid } from './hydraLoss';

export type EmbeddingReport = { probeAccuracy: number; spectrum: number[]; effectiveRank: number };

/**
 * Embeds train and test digits with the frozen encoder; trains a softmax probe (d → classes, `probeSteps` Adam steps) on
 * the train embeddings and scores it on test; the covariance spectrum and effective rank are of the test embeddings.
 */
export async function evaluateEmbedding(be: Backend, d: UploadedDigits, net: ContrastiveModel, o: { probeSteps: number; seed: number; signal: AbortSignal }): Promise<EmbeddingReport> {
  const [train, test] = be.tidy(() => [d.train.X, d.test.X].map((X) => be.keep(net.model.forward(be, net.weights, X).logits)));
  try {
    const probe = await trainFromScratch(be, new Mlp([train.cols, d.classes]), featureDataset(train, d.train), featureDataset(test, d.test), { steps: o.probeSteps, seed: o.seed, signal: o.signal });
    for (const t of probe.weights) be.dispose(t);
    const s = await featureSpectrum(be, test);
    return { probeAccuracy: probe.testAccuracy, spectrum: s.spectrum, effectiveRank: s.effectiveRank };
  } finally {
    be.dispose(train);
    be.dispose(test);
  }
}

/**
 * The gates read back as a class × class table: open[a][b] = mean over dimensions of σ(W_{a,b}), the share of the
 * embedding pair {a, b} meets in (symmetric); and overlap[a][b] = ⟨g_aa, g_bb⟩/(‖g_aa‖‖g_bb‖), how much the two classes'
 * own (same-class) subspaces coincide. @param logits (P, d) with P = C(C+1)/2
 */
export async function gateTables(be: Backend, logits: Tensor, classes: number): Promise<{ open: number[][]; overlap: number[][] }> {
  const gatesT = be.tidy(() => sigmoid(be, logits));
  const g = await be.read(gatesT);
  be.dispose(gatesT);
  const dim = logits.cols;
  const pairs = classPairs(classes);
  const row = (p: number) => g.subarray(p * dim, (p + 1) * dim);
  const open = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  pairs.forEach(([a, b], p) => {
    const mean = row(p).reduce((s, v) => s + v, 0) / dim;
    open[a][b] = mean;
    open[b][a] = mean;
  });
  const self = Array.from({ length: classes }, (_, c) => row(pairs.findIndex(([a, b]) => a === c && b === c)));
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const overlap = self.map((u) => self.map((v) => u.reduce((s, x, k) => s + x * v[k], 0) / Math.max(1e-12, norm(u) * norm(v))));
  return { open, overlap };
}
