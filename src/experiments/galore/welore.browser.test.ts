// WeLore on WebGPU (f32) against the float64 cpu backend: the split and the LRC factor pieces, and the galore page's quick run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { svd } from '../../linalg/svd';
import { readAndDispose } from '../../engine/readback';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { withSingularValues } from '../../testing/matrices';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { lowRankComponentAdapter, weloreSplit } from './weloreSplit';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

// awkward shapes: a prime-by-odd matrix, a wide one, a thin one; well-separated σ so the rank-k pieces are unique
const SHAPES = [[13, 7], [5, 31], [37, 3]] as const;

describe('WeLore on webgpu', () => {
  it('split and LRC pieces: same spectra and ranks; A·Mᵀ and the weight-space step G·M·Mᵀ + A·Aᵀ·G agree', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    for (const [m, n] of SHAPES) {
      const r = Math.min(m, n);
      const sigma = Array.from({ length: r }, (_, i) => 4 * 0.6 ** i + 0.05);
      const W = withSingularValues(new Rng(m * n), m, n, sigma);
      const G = new Rng(m + n).normals(m * n, 1);
      const k = weloreSplit([sigma], [{ rows: m, cols: n }], 0.2)[0].rank;
      const evaluate = async (be: Backend): Promise<Float64Array[]> => {
        const w = be.keep(be.upload(W, { rows: m, cols: n }));
        const f = await svd(be, w, { method: 'jacobi' });
        const split = weloreSplit([f.S], [{ rows: m, cols: n }], 0.2)[0];
        const a = lowRankComponentAdapter(be, f.U, f.S, f.V, k);
        const out = await Promise.all([
          readAndDispose(be, be.tidy(() => a.weight())),
          readAndDispose(be, be.tidy(() => {
            const [dA, dM] = a.backward(be.upload(G, { rows: m, cols: n }));
            return be.elementwise('add', be.matmul(dA, a.params[1], { transB: true }), be.matmul(a.params[0], dM, { transB: true }));
          })),
        ]);
        a.dispose();
        for (const t of [w, f.U, f.V]) be.dispose(t);
        return [Float64Array.from(f.S), Float64Array.of(split.rank), ...out];
      };
      await expectBackendsAgree(gpu, cpuBackend(), evaluate, `${m}×${n}, k = ${k}`, { rtol: 1e-4, atolScale: 1e-4 });
    }
  });

  it('quick run: same split, same parameter counts, accuracies within f32 drift, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runExperimentOn(gpu, 'galore', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'galore', 'quick');
    const keys = ['zero_shot_acc', 'welore_acc', 'lora_acc', 'full_acc'];
    console.log(`galore+welore quick: webgpu ${g.seconds.toFixed(1)} s; ` + keys.map((k) => `${k} ${(g.m[k] as number).toFixed(3)}/${(c.m[k] as number).toFixed(3)}`).join(', ') + `; ranks ${g.m.welore_ranks_galore}/${c.m.welore_ranks_galore}; params ${g.m.welore_params}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    for (const key of ['welore_ranks_galore', 'lrc_layers', 'welore_params', 'lora_params', 'full_params']) expect(g.m[key], key).toEqual(c.m[key]);
    // f32 vs f64 over 60 + 3×40 steps: a handful of the ~450 test digits may flip
    for (const k of keys) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThanOrEqual(0.03);
  });
});
