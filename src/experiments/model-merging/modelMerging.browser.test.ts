// The model-merging page on WebGPU (f32) against the float64 cpu backend: merges, Concrete sample, gradients, a whole quick run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { readAndDispose } from '../../engine/readback';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { cpuBackend, gpuIt, SKIP_WITHOUT_WEBGPU, webgpuBackend } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { concreteSample, uniformNoise } from './concreteMask';
import { entropyLossAndGrad, lambdaGrad, maskGrad, preparedMask } from './entropyObjective';
import { expandLambdas, maskedMerge, taskArithmetic, tiesMerge, trimThresholds } from './merges';
import { TINY_LAMBDAS, tinyMergeProblem } from './tinyMergeProblem';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const gpuTest = gpuIt(() => gpu, { checkLeaks: true });

/** Every piece of one merge step on `be`, read to the host: merges, the Concrete sample, the loss and its gradients. */
function mergePieces(rescale: boolean) {
  return (be: Backend) => {
    const s = tinyMergeProblem(be, rescale);
    const D = s.T.cols;
    const rng = new Rng(11);
    const tensors = be.tidy(() => {
      const logits = be.upload(rng.normals(D), { rows: 1, cols: D });
      const u = be.upload(uniformNoise(rng, D), { rows: 1, cols: D });
      const lambdaRows = expandLambdas(be, be.upload(TINY_LAMBDAS, { rows: 3, cols: 6 }), s.E);
      const m = preparedMask(be, s, concreteSample(be, logits, u, 0.5), 0.5);
      const { loss, dTheta } = entropyLossAndGrad(be, s, s.x, m.scaled, lambdaRows, 2);
      const thresholds = be.upload(trimThresholds(Float64Array.from(rng.normals(3 * D), Math.abs), 3, 0.4), { rows: 3, cols: 1 });
      return [
        taskArithmetic(be, s.theta0, s.T, 0.3), maskedMerge(be, s.theta0, s.T, m.scaled, lambdaRows), tiesMerge(be, s.theta0, s.T, thresholds, 0.7).theta,
        m.scaled, loss, dTheta, m.backward(maskGrad(be, s, lambdaRows, dTheta)), lambdaGrad(be, s, m.scaled, dTheta),
      ];
    });
    const out = Promise.all(tensors.map((t) => be.read(t)));
    return out.finally(() => [...tensors, s.theta0, s.T, s.E, s.invSizes, s.x].forEach((t) => be.dispose(t)));
  };
}

describe('model-merging on webgpu', () => {
  for (const rescale of [false, true]) {
    gpuTest(`merges, the Concrete sample and the entropy gradients agree with float64${rescale ? ' (rescaled mask)' : ''}`, async () => {
      await expectBackendsAgree(gpu!, cpuBackend(), mergePieces(rescale), 'merge pieces', { rtol: 1e-4, atolScale: 1e-5 });
    });
  }

  gpuTest('T → 0: the f32 Concrete sample is the Bernoulli(σ(ℓ)) sample', async () => {
    const rng = new Rng(4);
    const D = 257;
    const l = Float64Array.from(rng.normals(D, 2));
    const u = uniformNoise(rng, D);
    const m = await readAndDispose(gpu!, gpu!.tidy(() => concreteSample(gpu!, gpu!.upload(l, { rows: 1, cols: D }), gpu!.upload(u, { rows: 1, cols: D }), 1e-4)));
    let mismatches = 0;
    m.forEach((v, i) => { if (v !== (u[i] > 1 - 1 / (1 + Math.exp(-l[i])) ? 1 : 0)) mismatches++; });
    // f32 rounding of ℓ + log u − log(1 − u) can flip an entry sitting within ~1e-6 of the threshold, nothing more
    expect(mismatches).toBeLessThanOrEqual(1);
  });

  it('the quick run: checks hold in f32, accuracies track the float64 run, nothing leaks', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await runExperimentOn(gpu, 'model-merging', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'model-merging', 'quick');
    const heads = ['acc_pretrained', 'acc_finetuned', 'acc_task_arithmetic', 'acc_ties', 'acc_concrete_ta', 'acc_adamerging', 'acc_concrete'];
    console.log(`model-merging quick: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s; ${heads.map((k) => `${k} ${(g.m[k] as number).toFixed(3)}/${(c.m[k] as number).toFixed(3)}`).join(', ')}; grad error ${g.m.concrete_grad_error}, kept ${g.m.mask_kept}/${c.m.mask_kept}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(g.m.lambda0_gap).toBe(0);
    expect(g.m.ones_mask_gap as number).toBeLessThan(1e-6);
    expect(g.m.hard_mask_mismatch as number).toBeLessThan(0.005);
    expect((g.m.binary_gap as number[])[3]).toBeLessThan(1e-3);
    expect(g.m.concrete_grad_error as number).toBeLessThan(0.05);
    for (const k of heads.slice(0, 4)) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThanOrEqual(0.03);
    for (const k of heads.slice(4)) expect(Math.abs((g.m[k] as number) - (c.m[k] as number)), k).toBeLessThanOrEqual(0.06);
    expect(Math.abs((g.m.mask_kept as number) - (c.m.mask_kept as number))).toBeLessThan(0.05);
  }, 300_000);
});
