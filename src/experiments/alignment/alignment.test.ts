// The alignment page's checks in float64: the permuted-copy identities, exact gradients of InfoNCE, MaxSim and the projections, the quick run.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import type { Tensor } from '../../engine/backend';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { Mlp } from '../../learn/mlp';
import { runExperimentForTest } from '../framework/runForTest';
import { resolveConfig } from '../framework/resolveConfig';
import { getExperiment } from '../registry';
import { nodeSource } from '../../data/nodeSource';
import { runAlignment } from './run';
import type { AlignmentConfig } from './schema';
import { matchUnits, permutedCopyCheck } from './convergent';
import { infoNce } from '../../learn/infoNce';
import { maxSim, maxSimBackward } from './maxSim';
import { ndcgAt10 } from './colbert';
import { mutualKnn, retrievalAccuracy } from './retrieval';
import { createProjection, PROJECTION_VARIANTS } from './tokenProjections';

const gaussian = (be: CpuBackend, rows: number, cols: number, seed: number) => be.upload(new Rng(seed).normals(rows * cols), { rows, cols });
const scalar = (be: CpuBackend, t: Tensor) => be.view(t)[0];

describe('alignment page (float64)', () => {
  it('quick preset: permuted copy recovered exactly with corr = CKA = 1, all four sections report, nothing leaks', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('alignment', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.permutation_recovered).toBe(1);
    expect(Math.abs((m.permuted_worst_correlation as number) - 1)).toBeLessThan(1e-12);
    expect(Math.abs((m.permuted_cka as number) - 1)).toBeLessThan(1e-12);
    // two nets from different seeds: similar (CKA well above an unrelated pair's) but not identical
    expect(m.cka as number).toBeGreaterThan(0.8);
    expect(m.cka as number).toBeLessThan(0.999);
    expect((m.matched_correlation as number[])[0]).toBeLessThan(0.999);
    expect(m.svcca as number).toBeGreaterThan(m.mean_matched_correlation as number);
    const atK = m.retrieval_at_k as number[];
    expect(m.ks).toEqual([1, 4, 16]);
    expect(Math.max(...atK)).toBeGreaterThan(10 * (m.retrieval_unaligned as number));
    expect(Math.max(...atK)).toBeGreaterThan(m.retrieval_procrustes as number);
    const rank = m.effective_rank as number[];
    for (let i = 1; i < rank.length; i++) expect(rank[i], `effective rank of layer ${i}`).toBeLessThan(rank[i - 1]);
    expect(m.probe_pre as number).toBeGreaterThan(m.probe_post as number);
    const ndcg = m.ndcg10 as number[];
    expect(ndcg).toHaveLength(5);
    for (const v of ndcg) expect(v).toBeGreaterThan(0.2);
    for (const v of ndcg) expect(v).toBeLessThanOrEqual(1);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['unit-correlation', 'matching', 'filter-angles', 'retrieval', 'mutual-knn', 'contrastive-loss', 'probe', 'spectra', 'ndcg']);
  }, 120_000);

  it('a random net against its permuted copy: every unit matched to its partner, correlations and CKA 1', async () => {
    const be = new CpuBackend();
    const [W1, b1] = new Mlp([12, 9, 3]).init(be, new Rng(3));
    const X = gaussian(be, 40, 12, 4);
    const before = be.liveTensors();
    const r = await permutedCopyCheck(be, X, W1, b1, new Rng(5));
    expect(r.live).toBeGreaterThan(5);
    expect(r.recovered).toBe(1);
    expect(Math.abs(r.worstCorrelation - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r.cka - 1)).toBeLessThan(1e-12);
    expect(be.liveTensors()).toBe(before);
  });

  it('matchUnits: Hungarian maximizes the summed correlation; semi-matching takes each row’s best column', () => {
    const C = [0.9, 0.8, 0.1, 0.85, 0.2, 0.3, 0.1, 0.2, 0.7];
    const m = matchUnits(C, 3, 3);
    expect(Array.from(m.oneToOne)).toEqual([1, 0, 2]);
    expect(Array.from(m.semi)).toEqual([0, 0, 2]);
    expect(m.matched).toEqual([0.8, 0.85, 0.7]);
  });

  it('InfoNCE gradient matches central differences', () => {
    const be = new CpuBackend();
    const z1 = gaussian(be, 5, 4, 1);
    const z2 = gaussian(be, 5, 4, 2);
    const labels = be.upload([0, 1, 2, 3, 4], { rows: 5, cols: 1 });
    const g = infoNce(be, z1, z2, labels, 0.3);
    const numeric = centralDifferences(be, [z1, z2], () => scalar(be, infoNce(be, z1, z2, labels, 0.3).loss));
    expect(relativeGradientError(be.view(g.dz1), numeric[0])).toBeLessThan(1e-7);
    expect(relativeGradientError(be.view(g.dz2), numeric[1])).toBeLessThan(1e-7);
    expect(scalar(be, g.loss)).toBeGreaterThan(0);
    expect(() => infoNce(be, z1, gaussian(be, 4, 4, 3), labels, 0.3)).toThrow(/views are/);
    expect(() => infoNce(be, z1, z2, labels, 0)).toThrow(/temperature/);
  });

  it('MaxSim: scores are Σ_t max_s ⟨q_t, d_s⟩; the gradient reaches only each query token’s best document token', () => {
    const be = new CpuBackend();
    const T = 3;
    const Q = gaussian(be, 2 * T, 4, 7);
    const D = gaussian(be, 3 * T, 4, 8);
    const m = maxSim(be, Q, D, T);
    const q = be.view(Q);
    const d = be.view(D);
    const dot = (a: number, b: number) => [0, 1, 2, 3].reduce((s, c) => s + q[a * 4 + c] * d[b * 4 + c], 0);
    const best = new Set<number>();
    const scores = be.view(m.scores);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
      let total = 0;
      for (let t = 0; t < T; t++) {
        let top = -Infinity;
        let at = -1;
        for (let s = 0; s < T; s++) if (dot(i * T + t, j * T + s) > top) { top = dot(i * T + t, j * T + s); at = j * T + s; }
        total += top;
        best.add(at);
      }
      expect(Math.abs(scores[i * 3 + j] - total)).toBeLessThan(1e-12);
    }
    const w = gaussian(be, 2, 3, 9);
    const loss = () => { const s = be.view(maxSim(be, Q, D, T).scores); return s.reduce((a, v, k) => a + v * be.view(w)[k], 0); };
    const { dQ, dD } = maxSimBackward(be, Q, D, m, w, T);
    const numeric = centralDifferences(be, [Q, D], loss);
    expect(relativeGradientError(be.view(dQ), numeric[0])).toBeLessThan(1e-7);
    expect(relativeGradientError(be.view(dD), numeric[1])).toBeLessThan(1e-7);
    const g = be.view(dD);
    for (let r = 0; r < 3 * T; r++) {
      const norm = Math.hypot(...g.subarray(r * 4, r * 4 + 4));
      if (best.has(r)) expect(norm, `document token ${r} is some query token's best`).toBeGreaterThan(0);
      else expect(norm, `document token ${r} is nobody's best`).toBe(0);
    }
  });

  for (const variant of PROJECTION_VARIANTS) {
    it(`token projection '${variant}': backward matches central differences`, () => {
      const be = new CpuBackend();
      const p = createProjection(be, variant, 5, 3, new Rng(11));
      const x = gaussian(be, 4, 5, 12);
      const w = gaussian(be, 4, 3, 13);
      const loss = () => be.view(p.forward(be, x).out).reduce((a, v, k) => a + v * be.view(w)[k], 0);
      const grads = p.forward(be, x).backward(w);
      const numeric = centralDifferences(be, p.params, loss);
      grads.forEach((g, i) => expect(relativeGradientError(be.view(g), numeric[i]), `param ${i}`).toBeLessThan(1e-6));
    });
  }

  it('NDCG@10 with one relevant document: 1 at rank 1, 1/log₂3 at rank 2, 0 beyond 10', () => {
    expect(ndcgAt10(Float64Array.from([2, 1, 0, 3]), 2, 2)).toBeCloseTo((1 + 1) / 2, 12);
    expect(ndcgAt10(Float64Array.from([1, 2, 0, 3]), 2, 2)).toBeCloseTo((1 / Math.log2(3) + 1) / 2, 12);
    const g = 12;
    const s = new Float64Array(g * g).fill(1);
    for (let i = 0; i < g; i++) s[i * g + i] = 0;
    expect(ndcgAt10(s, g, g)).toBe(0);
  });

  it('retrieval and mutual kNN: identical spaces score 1; a shuffled pairing retrieves nothing', async () => {
    const be = new CpuBackend();
    const A = gaussian(be, 30, 4, 14);
    expect(await retrievalAccuracy(be, A, A)).toBe(1);
    expect(await mutualKnn(be, A, be.elementwise('scale', A, null, 2), 5)).toBe(1);
    const shifted = be.upload(Float64Array.from({ length: 120 }, (_, k) => be.view(A)[(k + 4) % 120]), { rows: 30, cols: 4 });
    expect(await retrievalAccuracy(be, A, shifted)).toBe(0);
    await expect(mutualKnn(be, A, A, 30)).rejects.toThrow(/k must be/);
  });

  it('a run cancelled after any section stops and leaves no tensor alive', async () => {
    const { config } = resolveConfig(getExperiment('alignment')!, 'quick');
    for (const stopAfter of [1, 2, 3, 4]) {
      const be = new CpuBackend();
      const abort = new AbortController();
      let yields = 0;
      for await (const p of runAlignment(config as AlignmentConfig, { backend: be, rng: new Rng(1), signal: abort.signal, data: nodeSource })) {
        void p;
        if (++yields === stopAfter) abort.abort();
      }
      expect(yields, 'no yield after the cancel').toBe(stopAfter);
      expect(be.liveTensors(), `cancelled after yield ${stopAfter}`).toBe(0);
    }
  }, 120_000);

  it('bad configs are clear errors, never NaN', async () => {
    const big = await runExperimentForTest('alignment', { sections: ['plato'], hidden: 8, ks: ['16'] });
    expect(big.outcome.status).toBe('failed');
    expect(big.outcome.message).toMatch(/at most the hidden width 8/);
    const svcca = await runExperimentForTest('alignment', { sections: ['convergent'], hidden: 8, svccaDims: 10 });
    expect(svcca.outcome.message).toMatch(/SVCCA directions/);
  });
});
