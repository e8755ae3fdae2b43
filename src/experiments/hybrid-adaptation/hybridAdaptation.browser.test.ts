// The hybrid-adaptation page's pieces and a whole quick run on WebGPU (f32) against the float64 cpu backend.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { randomOrthonormalBasis } from '../../data/synthetic';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { perpendicularDirections, subspaceDistances } from './directionalSubspaceLoss';
import { adaptationLossAndGrads, embed } from './generatorAdaptation';
import { twoLayerForward } from './twoLayerNet';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });
const QUICK = { pretrainSteps: 150, steps: 60 };

/** Host numbers for one small adaptation problem: source and adapted generator, encoder, two subspaces, latents. */
function problem(latent: number, hidden: number, F: number, B: number, ranks: [number, number], seed: number) {
  const rng = new Rng(seed);
  const mat = (rows: number, cols: number, scale: number) => ({ rows, cols, data: Float64Array.from(rng.normals(rows * cols, scale)) });
  const source = [mat(hidden, latent, 0.5), mat(1, hidden, 0.1), mat(64, hidden, 0.3), mat(1, 64, 0.1)];
  const shift = source.map((w) => mat(w.rows, w.cols, 0.05));
  return {
    source, shift, W: mat(F, 64, 0.3), b: mat(1, F, 0.1), z: mat(B, latent, 1),
    bases: ranks.map((r) => ({ rows: F, cols: r, data: randomOrthonormalBasis(rng, F, r) })),
  };
}

describe('hybrid-adaptation pieces on webgpu vs float64', () => {
  // awkward shapes: a single latent, a batch of 1, primes, rank 1
  for (const [latent, hidden, F, B, r1, r2] of [[5, 11, 13, 7, 3, 1], [1, 7, 17, 1, 1, 2], [8, 32, 32, 64, 9, 9]]) {
    it(`loss, gradients, distances: latent ${latent}, hidden ${hidden}, F ${F}, B ${B}, ranks ${r1}/${r2}`, async () => {
      const p = problem(latent, hidden, F, B, [r1, r2], latent * 100 + F);
      await expectBackendsAgree(gpu!, cpuBackend(), async (be: Backend) => {
        const up = (m: { rows: number; cols: number; data: Float64Array }) => be.upload(m.data, m);
        const out = be.tidy(() => {
          const source = p.source.map(up);
          const adapted = source.map((w, i) => be.elementwise('add', w, up(p.shift[i])));
          const encoder = { W: up(p.W), b: up(p.b) };
          const targets = { bases: p.bases.map(up), alphas: [0.4, 0.6] };
          const z = up(p.z);
          const eS = embed(be, encoder, twoLayerForward(be, source, z).out);
          const dirs = perpendicularDirections(be, eS, targets);
          const { loss, grads } = adaptationLossAndGrads(be, adapted, { encoder, targets }, z, eS, dirs, 0.9, 1.3);
          return [loss, ...grads, dirs, ...targets.bases.map((P) => subspaceDistances(be, eS, P))];
        });
        const values = await Promise.all(out.map((t: Tensor) => be.read(t)));
        for (const t of out) be.dispose(t);
        return values;
      }, `adaptation ${latent}/${hidden}/${F}/${B}`, { rtol: 1e-3, atolScale: 1e-4 });
    });
  }
});

describe('hybrid-adaptation quick run on webgpu vs float64', () => {
  it('the headline metrics agree and no tensor is left alive', async () => {
    const g = await runExperimentOn(gpu!, 'hybrid-adaptation', QUICK);
    const c = await runExperimentOn(cpuBackend(), 'hybrid-adaptation', QUICK);
    const keys = ['source_distance_a', 'source_distance_b', 'distance_domain_a', 'distance_domain_b', 'source_identity', 'identity_score', 'generator_change'] as const;
    console.log(`hybrid-adaptation quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`, JSON.stringify(Object.fromEntries(keys.map((k) => [k, [g.m[k], c.m[k]]]))));
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    // f32 pretraining (150 Adam steps ×3) and 60 adaptation steps stay close to float64 (measured: ~1e-5 relative)
    for (const k of ['source_distance_a', 'source_distance_b', 'distance_domain_a', 'distance_domain_b', 'generator_change'] as const) {
      expect(Math.abs((g.m[k] as number) - (c.m[k] as number)) / (c.m[k] as number), k).toBeLessThan(2e-3);
    }
    for (const k of ['source_identity', 'identity_score'] as const) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThanOrEqual(0.02);
    // the webgpu run shows the same effect: both distances fall by a quarter, identity within 0.1 of the source
    expect(g.m.distance_domain_a as number).toBeLessThan(0.75 * (g.m.source_distance_a as number));
    expect(g.m.distance_domain_b as number).toBeLessThan(0.75 * (g.m.source_distance_b as number));
    expect(g.m.identity_score as number).toBeGreaterThan((g.m.source_identity as number) - 0.1);
  });
});
