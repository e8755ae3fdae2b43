// The alignment page on WebGPU (f32) against the float64 cpu backend: similarity measures, InfoNCE, MaxSim, the quick run.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { canonicalCorrelations, linearCka, principalAngles, procrustes, unitCorrelations } from '../../linalg/similarity';
import { runLinalg } from '../../linalg/matrixApi';
import { infoNce } from '../../learn/infoNce';
import { maxSim, maxSimBackward } from './maxSim';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });

/** Gaussian data with a shared component so the two views are correlated; awkward (prime) shapes. */
function views(n: number, p: number, q: number, seed: number) {
  const rng = new Rng(seed);
  const shared = rng.normals(n * 3);
  const mix = (cols: number) => Float64Array.from({ length: n * cols }, (_, k) => shared[Math.floor(k / cols) * 3 + (k % 3)] * ((k % cols) < 3 ? 1 : 0.2) + 0.5 * rng.normal());
  return { X: mix(p), Y: mix(q), n, p, q };
}

/** Reads every tensor an evaluation returns, then frees them. */
async function readAll(be: Backend, ts: Tensor[]): Promise<Float64Array[]> {
  const out = await Promise.all(ts.map((t) => be.read(t)));
  for (const t of ts) be.dispose(t);
  return out;
}

describe('alignment on webgpu', () => {
  it('CKA, CCA, principal angles, Procrustes and unit correlations agree with float64 on awkward shapes', async () => {
    for (const [n, p, q] of [[37, 5, 7], [61, 1, 3], [101, 13, 11]]) {
      const v = views(n, p, q, n);
      await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
        const X = be.upload(v.X, { rows: n, cols: p });
        const Y = be.upload(v.Y, { rows: n, cols: q });
        const k = Math.min(p, q);
        const scalars = [await linearCka(be, X, Y), ...(await canonicalCorrelations(be, X, Y, k)), ...(await principalAngles(be, X, Y))];
        // Procrustes is unique up to sign only for nondegenerate XᵀY; compare XR instead of R
        const target = be.upload(v.X.map((x, i) => x + 0.3 * v.Y[i % (n * q)]), { rows: n, cols: p });
        const R = await procrustes(be, X, target);
        const [XR, C] = [be.matmul(X, R), unitCorrelations(be, X, Y)];
        for (const t of [X, Y, target, R]) be.dispose(t);
        return [Float64Array.from(scalars), ...(await readAll(be, [XR, C]))];
      }, `similarity ${n}×${p} vs ${n}×${q}`, { rtol: 1e-3, atolScale: 1e-3 });
    }
  });

  it('the public entry points on webgpu: cka(X, X) = 1, cca(X, X) = 1, mismatched rows rejected', async () => {
    const m = (rows: number, cols: number, seed: number) => ({ rows, cols, data: Float32Array.from(new Rng(seed).normals(rows * cols)) });
    const X = m(53, 6, 1);
    expect(Math.abs((await runLinalg(gpu!, 'cka', [X, X]) as number) - 1)).toBeLessThan(1e-5);
    for (const r of await runLinalg(gpu!, 'cca', [X, X, 6]) as number[]) expect(Math.abs(r - 1)).toBeLessThan(1e-4);
    await expect(runLinalg(gpu!, 'procrustes', [X, m(52, 6, 2)])).rejects.toThrow(/rows must match/);
  });

  it('InfoNCE loss and gradients, MaxSim scores and gradients agree with float64', async () => {
    const rng = new Rng(3);
    const [z1, z2] = [rng.normals(13 * 7), rng.normals(13 * 7)];
    const [q, d, w] = [rng.normals(5 * 3 * 11), rng.normals(7 * 3 * 11), rng.normals(5 * 7)];
    await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
      const ts = be.tidy(() => {
        const labels = be.upload(Array.from({ length: 13 }, (_, i) => i), { rows: 13, cols: 1 });
        const l = infoNce(be, be.upload(z1, { rows: 13, cols: 7 }), be.upload(z2, { rows: 13, cols: 7 }), labels, 0.2);
        const Q = be.upload(q, { rows: 15, cols: 11 });
        const D = be.upload(d, { rows: 21, cols: 11 });
        const m = maxSim(be, Q, D, 3);
        const g = maxSimBackward(be, Q, D, m, be.upload(w, { rows: 5, cols: 7 }), 3);
        return [l.loss, l.dz1, l.dz2, m.scores, m.best, g.dQ, g.dD];
      });
      return readAll(be, ts);
    }, 'InfoNCE and MaxSim', { rtol: 1e-4, atolScale: 1e-5 });
  });

  it('the quick preset: the permuted copy is recovered and the page’s metrics match float64 within f32 drift', async () => {
    const g = await runExperimentOn(gpu!, 'alignment', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'alignment', 'quick');
    const pick = (m: Record<string, unknown>) => ({ cka: m.cka, svcca: m.svcca, retrieval: m.retrieval_at_k, procrustes: m.retrieval_procrustes, probe: m.probe_accuracy, rank: m.effective_rank, ndcg10: m.ndcg10 });
    console.log(`alignment quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s\n webgpu ${JSON.stringify(pick(g.m))}\n cpu    ${JSON.stringify(pick(c.m))}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.permutation_recovered).toBe(1);
    expect(Math.abs((g.m.permuted_cka as number) - 1)).toBeLessThan(1e-5);
    expect(Math.abs((g.m.permuted_worst_correlation as number) - 1)).toBeLessThan(1e-5);
    // the quick preset's findings the card states hold in f32 too
    expect(g.m.svcca as number).toBeGreaterThan(g.m.mean_matched_correlation as number);
    expect(Math.max(...(g.m.retrieval_at_k as number[]))).toBeGreaterThan(g.m.retrieval_procrustes as number);
    expect(g.m.probe_pre as number).toBeGreaterThan(g.m.probe_post as number);
    (g.m.effective_rank as number[]).slice(1).forEach((r, i) => expect(r, `effective rank of layer ${i + 1}`).toBeLessThan((g.m.effective_rank as number[])[i]));
    expect(Math.abs((g.m.cka as number) - (c.m.cka as number))).toBeLessThan(0.01);
    expect(Math.abs((g.m.svcca as number) - (c.m.svcca as number))).toBeLessThan(0.02);
    (g.m.retrieval_at_k as number[]).forEach((v, i) => expect(Math.abs(v - (c.m.retrieval_at_k as number[])[i]), `retrieval_at_k[${i}]`).toBeLessThan(0.03));
    (g.m.probe_accuracy as number[]).forEach((v, i) => expect(Math.abs(v - (c.m.probe_accuracy as number[])[i]), `probe[${i}]`).toBeLessThan(0.03));
    (g.m.effective_rank as number[]).forEach((v, i) => expect(Math.abs(v - (c.m.effective_rank as number[])[i]), `rank[${i}]`).toBeLessThan(0.05 * v));
    (g.m.ndcg10 as number[]).forEach((v, i) => expect(Math.abs(v - (c.m.ndcg10 as number[])[i]), `ndcg10[${i}]`).toBeLessThan(0.05));
  });
});
