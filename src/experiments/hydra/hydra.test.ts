// The hydra page's checks in float64: gates at 1 give plain InfoNCE, the gated loss's gradient matches central differences, the quick run.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { resolveConfig } from '../framework/resolveConfig';
import { getExperiment } from '../registry';
import { nodeSource } from '../../data/nodeSource';
import { runHydra } from './run';
import type { HydraConfig } from './schema';
import { infoNce } from '../../learn/infoNce';
import { classPairs, hydraBatch, pairIndex, pairOneHot, rowsByClass } from './classPairs';
import { gateLogitsGrad, gatherGates, hydraLoss } from './hydraLoss';

const gaussian = (be: CpuBackend, rows: number, cols: number, seed: number, scale = 1) => be.upload(new Rng(seed).normals(rows * cols, scale), { rows, cols });
const range = (be: CpuBackend, B: number) => be.upload(Int32Array.from({ length: B }, (_, i) => i), { rows: B, cols: 1 });
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('hydra page (float64)', () => {
  it('every gate fixed at 1 gives plain symmetric InfoNCE: same loss and gradients; λ adds exactly λ', () => {
    const be = new CpuBackend();
    for (const [B, d] of [[7, 5], [12, 1], [3, 9]]) {
      const f1 = gaussian(be, B, d, B);
      const f2 = gaussian(be, B, d, B + 100);
      const ones = be.fill({ rows: B, cols: d }, 1);
      const labels = range(be, B);
      const plain = infoNce(be, f1, f2, labels, 0.3);
      for (const lambda of [0, 0.4]) {
        const h = hydraLoss(be, f1, f2, ones, labels, 0.3, lambda);
        expect(Math.abs(be.view(h.loss)[0] - lambda - be.view(plain.loss)[0]), `loss ${B}×${d} λ=${lambda}`).toBeLessThan(1e-13);
        expect(maxAbsDiff(be.view(h.df1), be.view(plain.dz1)), `∂f₁ ${B}×${d}`).toBeLessThan(1e-13);
        expect(maxAbsDiff(be.view(h.df2), be.view(plain.dz2)), `∂f₂ ${B}×${d}`).toBeLessThan(1e-13);
      }
    }
  });

  it('the gated loss’s gradient w.r.t. both embeddings and the gate logits matches central differences', () => {
    const be = new CpuBackend();
    const [B, d, P] = [9, 6, 5];
    const f1 = gaussian(be, B, d, 1);
    const f2 = gaussian(be, B, d, 2);
    const W = gaussian(be, P, d, 3, 1.5);
    // pairs repeat in the batch, so the scatter must add their gradients
    const oneHot = be.upload(pairOneHot(Int32Array.from([0, 3, 3, 1, 4, 0, 2, 3, 1]), P), { rows: B, cols: P });
    const labels = range(be, B);
    const evaluate = () => be.tidy(() => be.view(hydraLoss(be, f1, f2, gatherGates(be, oneHot, W), labels, 0.25, 0.3).loss)[0]);
    const gates = gatherGates(be, oneHot, W);
    const h = hydraLoss(be, f1, f2, gates, labels, 0.25, 0.3);
    const analytic = [be.view(h.df1), be.view(h.df2), be.view(gateLogitsGrad(be, oneHot, gates, h.dGates))];
    const numeric = centralDifferences(be, [f1, f2, W], evaluate);
    ['∂f₁', '∂f₂', '∂W'].forEach((name, i) => expect(relativeGradientError(analytic[i], numeric[i]), name).toBeLessThan(1e-6));
    // the gates matter: the gate gradient is not zero
    expect(Math.max(...Array.from(analytic[2], Math.abs))).toBeGreaterThan(1e-3);
  });

  it('class pairs: 55 unordered pairs for 10 classes, pairIndex inverts the list, batches draw each member from its class', () => {
    const pairs = classPairs(10);
    expect(pairs).toHaveLength(55);
    pairs.forEach(([a, b], p) => { expect(pairIndex(a, b, 10)).toBe(p); expect(pairIndex(b, a, 10)).toBe(p); });
    // digits that are constant images c/10 (no noise, shifts only move zeros): a view's class is readable from its centre pixel
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 10);
    const X = Float32Array.from({ length: 40 * 64 }, (_, k) => labels[Math.floor(k / 64)] / 10 + 0.05);
    const batch = hydraBatch(X, rowsByClass(labels, 10), 200, new Rng(4), 0);
    const classOf = (v: Float32Array, i: number) => Math.round((v[i * 64 + 27] - 0.05) * 10);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      seen.add(batch.pairs[i]);
      expect(pairIndex(classOf(batch.x1, i), classOf(batch.x2, i), 10)).toBe(batch.pairs[i]);
    }
    expect(seen.size).toBeGreaterThan(45);
  });

  it('bad input is a clear error', async () => {
    const be = new CpuBackend();
    const f = gaussian(be, 4, 3, 1);
    expect(() => hydraLoss(be, f, f, be.fill({ rows: 4, cols: 2 }, 1), range(be, 4), 0.2, 0)).toThrow(/gates are 4×2/);
    expect(() => hydraLoss(be, f, f, be.fill({ rows: 4, cols: 3 }, 1), range(be, 4), 0.2, -1)).toThrow(/sparsity/);
    const big = await runExperimentForTest('hydra', { trainPerClass: 10, batch: 128 });
    expect(big.outcome.status).toBe('failed');
    expect(big.outcome.message).toMatch(/cannot exceed the training set/);
  });
});

describe('hydra runs (float64)', () => {
  it('quick preset: Hydra’s probe beats SimCLR’s, effective ranks within 20%, the gates close below ½ and are symmetric, nothing leaks', async () => {
    const { outcome, history, leaked, meta, config } = await runExperimentForTest('hydra', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const [ph, pi, eh, ei] = [m.probe_acc_hydra, m.probe_acc_infonce, m.erank_hydra, m.erank_infonce] as number[];
    expect(pi).toBeGreaterThan(0.6);
    expect(ph).toBeGreaterThan(pi);
    expect(Math.abs(eh - ei) / ei).toBeLessThan(0.2);
    expect(eh).toBeGreaterThan(3);
    const open = m.gate_open as number[][];
    expect(open).toHaveLength(10);
    open.forEach((row, a) => row.forEach((v, b) => expect(v).toBe(open[b][a])));
    expect(m.gate_open_mean as number).toBeLessThan(0.47);
    expect((m.loss_hydra as number[]).at(-1)!).toBeLessThan((m.loss_hydra as number[])[0]);
    expect((m.loss_infonce as number[]).at(-1)!).toBeLessThan((m.loss_infonce as number[])[0]);
    expect((m.loss_hydra as number[]).at(-1)!).toBeGreaterThan((m.loss_infonce as number[]).at(-1)!);
    const plots = meta.plots(history, config as never).map((p) => p.id);
    expect(plots).toEqual(['loss', 'probe', 'spectra', 'gates', 'gate-overlap']);
    const overlap = m.gate_overlap as number[][];
    overlap.forEach((row, a) => { expect(Math.abs(row[a] - 1)).toBeLessThan(1e-12); row.forEach((v, b) => expect(Math.abs(v - overlap[b][a])).toBeLessThan(1e-12)); });
    // the gates moved apart: some pair of classes no longer keeps the same dimensions open
    expect(Math.min(...overlap.flat())).toBeLessThan(0.99);
  }, 120_000);

  it('a run cancelled after any yield stops and leaves no tensor alive', async () => {
    const { config } = resolveConfig(getExperiment('hydra')!, { trainPerClass: 20, hidden: 16, dim: 8, steps: 30, probeSteps: 10 });
    for (const stopAfter of [1, 2, 4, 6]) {
      const be = new CpuBackend();
      const abort = new AbortController();
      let yields = 0;
      for await (const p of runHydra(config as HydraConfig, { backend: be, rng: new Rng(1), signal: abort.signal, data: nodeSource })) {
        void p;
        if (++yields === stopAfter) abort.abort();
      }
      expect(yields, 'no yield after the cancel').toBe(stopAfter);
      expect(be.liveTensors(), `cancelled after yield ${stopAfter}`).toBe(0);
    }
  }, 120_000);

  it('λ = 0 leaves the gates more open than the default λ', async () => {
    const base = { trainPerClass: 30, hidden: 16, dim: 8, steps: 60, probeSteps: 10 };
    const shut = await runExperimentForTest('hydra', base);
    const free = await runExperimentForTest('hydra', { ...base, sparsity: 0 });
    expect(free.outcome.final!.gate_open_mean as number).toBeGreaterThan(shut.outcome.final!.gate_open_mean as number);
  }, 120_000);

  it('default preset: Hydra’s probe beats SimCLR’s by at least 3 points; effective ranks within 20%', async () => {
    const { outcome } = await runExperimentForTest('hydra', 'default');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    console.log(`hydra default (cpu): probe ${m.probe_acc_hydra} vs ${m.probe_acc_infonce}, erank ${m.erank_hydra} vs ${m.erank_infonce}, gates ${m.gate_open_mean}`);
    expect((m.probe_acc_hydra as number) - (m.probe_acc_infonce as number)).toBeGreaterThan(0.03);
    expect(Math.abs((m.erank_hydra as number) - (m.erank_infonce as number)) / (m.erank_infonce as number)).toBeLessThan(0.2);
  }, 180_000);
});
