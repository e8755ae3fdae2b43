// SSVI on WebGPU (f32) against the float64 cpu backend: samples, ELBO gradients, KL, predictive, remove/add, a quick run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, SKIP_WITHOUT_WEBGPU, webgpuBackend } from '../../testing/gpuBackendForTests';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { flatten } from '../../learn/flatParams';
import { predictiveProbabilities } from './predictive';
import { removeAndAdd } from './supportUpdate';
import { denseOn, disposeProblem, elboGradientsAt, sparseOn, testProblem } from './testProblem';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

/** Reads tensors made inside one tidy, then frees them. */
async function readAll(be: Backend, make: () => Tensor[]): Promise<Float64Array[]> {
  const ts = be.tidy(() => make().map((t) => be.keep(t)));
  try {
    return await Promise.all(ts.map((t) => be.read(t)));
  } finally {
    for (const t of ts) be.dispose(t);
  }
}

/** The 64-64-10 BNN at 10% density: a sample θ, the ELBO gradients, the KL, a 3-sample predictive, then one remove/add. */
async function sparsePieces(be: Backend): Promise<Float64Array[]> {
  const p = testProblem(be, [64, 64, 10], 17);
  const posterior = sparseOn(be, p, 0.1);
  try {
    posterior.resample(new Rng(4));
    const grads = await elboGradientsAt(be, p, posterior);
    const [theta, kl, predictive] = await readAll(be, () => [posterior.flatWeights(), posterior.kl(), predictiveProbabilities(be, p.mlp, posterior, p.x, 3, new Rng(8))]);
    // one remove/add chosen on the host from inputs both backends share, applied on the device
    const mu0 = Float64Array.from(posterior.indices, (i) => Math.abs(p.theta0[i]));
    const gradScore = Float64Array.from(p.theta0, (_, i) => (i * 7919) % 1009);
    posterior.applyChange(removeAndAdd(posterior.indices, mu0, gradScore, 37), Math.log(0.02));
    const [mu, rho] = await Promise.all(posterior.params.map((t) => be.read(t)));
    return [theta, ...grads, kl, predictive, mu, rho, Float64Array.from(posterior.indices)];
  } finally {
    posterior.dispose();
    disposeProblem(be, p);
  }
}

/** Dense mean-field VI on awkward sizes (13 → 7 → 5, batch 3): a sample, the ELBO gradients and the KL. */
async function densePieces(be: Backend): Promise<Float64Array[]> {
  const p = testProblem(be, [13, 7, 5], 3);
  const posterior = denseOn(be, p);
  try {
    posterior.resample(new Rng(6));
    const grads = await elboGradientsAt(be, p, posterior);
    const [theta, kl] = await readAll(be, () => [flatten(be, posterior.weights()), posterior.kl()]);
    return [theta, ...grads, kl];
  } finally {
    posterior.dispose();
    disposeProblem(be, p);
  }
}

describe('bayesian-sparse on webgpu against the float64 cpu backend', () => {
  it('SSVI pieces: sample, ELBO gradients, KL, predictive, remove/add (64-64-10, 10%)', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    await expectBackendsAgree(gpu, cpuBackend(), sparsePieces, 'sparse posterior', { rtol: 1e-4, atolScale: 1e-5 });
  });

  it('dense mean-field VI pieces on awkward shapes', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    await expectBackendsAgree(gpu, cpuBackend(), densePieces, 'dense posterior', { rtol: 1e-4, atolScale: 1e-5 });
  });

  it('the quick preset: same support size and exact sparsity, curves and headline metrics within f32 drift, no leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runExperimentOn(gpu, 'bayesian-sparse', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'bayesian-sparse', 'quick');
    const gm = g.m;
    const cm = c.m;
    console.log(`quick preset: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    for (const k of ['support_size', 'test_nll', 'ece', 'test_accuracy', 'dense_test_nll', 'pruned_test_nll']) console.log(`${k}: webgpu ${gm[k]}, cpu ${cm[k]}`);
    console.log(`swapped: webgpu ${JSON.stringify(gm.support_swapped)}, cpu ${JSON.stringify(cm.support_swapped)}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(gm.support_size).toBe(cm.support_size);
    expect(gm.support_size_trace).toEqual(cm.support_size_trace);
    expect(gm.support_swapped).toEqual(cm.support_swapped);
    expect(gm.off_support_nonzero).toBe(0);
    const rel = (a: unknown, b: unknown) => Math.max(...(b as number[]).map((v, i) => Math.abs((a as number[])[i] - v) / Math.abs(v)));
    console.log(`relative differences: elbo_dense ${rel(gm.elbo_dense, cm.elbo_dense).toExponential(2)}, test_nll_dense ${rel(gm.test_nll_dense, cm.test_nll_dense).toExponential(2)}, elbo_ssvi ${rel(gm.elbo_ssvi, cm.elbo_ssvi).toExponential(2)}, test_nll_ssvi ${rel(gm.test_nll_ssvi, cm.test_nll_ssvi).toExponential(2)}`);
    // 300 Adam steps at lr 0.01 in f32 (SwiftShader: about 6e-6 relative on every curve and headline metric): curves
    // within 1e-3 relative, SSVI's headline metrics within 1e-4
    expect(rel(gm.elbo_dense, cm.elbo_dense)).toBeLessThan(1e-3);
    expect(rel(gm.test_nll_dense, cm.test_nll_dense)).toBeLessThan(1e-3);
    expect(rel(gm.elbo_ssvi, cm.elbo_ssvi)).toBeLessThan(1e-3);
    expect(rel(gm.test_nll_ssvi, cm.test_nll_ssvi)).toBeLessThan(1e-3);
    expect(rel([gm.test_nll, gm.ece], [cm.test_nll, cm.ece])).toBeLessThan(1e-4);
  });
});
