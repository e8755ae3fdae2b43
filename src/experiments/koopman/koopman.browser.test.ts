// The koopman page's pieces and a whole quick run on WebGPU (f32) against the float64 cpu backend.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { dmd } from '../../linalg/dmd';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { eigenvalueMatchError } from './eigenvalueMatch';
import { vonNeumannEntropy } from './vonNeumannEntropy';
import { TemporalInfoNce } from './temporalInfoNce';
import { initialWeights, weightShapes } from './koopmanAutoencoder';
import { koopmanLossAndGrads } from './koopmanLoss';
import { uploadWindows } from './koopmanWindows';
import { sampleTrajectories, slowManifoldDictionary, snapshotPairs, trueEigenvalues } from './slowManifold';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const it = gpuIt(() => gpu, { checkLeaks: true });
const SYSTEM = { mu: -0.2, lambda: -1, dt: 0.25 };

describe('koopman pieces on webgpu vs float64', () => {
  // awkward shapes: k = 1, primes, N not a multiple of any tile, N = 2
  for (const [n, k] of [[7, 3], [37, 5], [2, 2], [53, 1], [130, 8]]) {
    it(`von Neumann entropy and ∂S/∂z, N = ${n}, k = ${k}`, async () => {
      const rng = new Rng(n * 10 + k);
      const z = Float64Array.from({ length: n * k }, (_, i) => rng.normal() * (1 + (i % k)));
      await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
        const t = be.upload(z, { rows: n, cols: k });
        const r = await vonNeumannEntropy(be, t, { grad: true });
        const grad = await be.read(r.grad!);
        be.dispose(r.grad!);
        be.dispose(t);
        return [Float64Array.of(r.entropy), Float64Array.from(r.spectrum), grad];
      }, `entropy ${n}×${k}`, { rtol: 1e-3, atolScale: 1e-4 });
    });
  }

  for (const [W, T, k, m] of [[3, 7, 4, 2], [1, 3, 1, 1], [5, 5, 3, 1], [11, 9, 6, 3]]) {
    it(`InfoNCE and its gradient, W = ${W}, T = ${T}, k = ${k}, m = ${m}`, async () => {
      const rng = new Rng(W * 100 + T);
      const z = Float64Array.from({ length: W * T * k }, () => rng.normal());
      await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
        const nce = new TemporalInfoNce(be, W, T, m, 0.5);
        const t = be.upload(z, { rows: T * W, cols: k });
        const out = be.tidy(() => nce.lossAndGrad(t));
        const values = [await be.read(out.loss), await be.read(out.grad)];
        for (const x of [out.loss, out.grad, t]) be.dispose(x);
        nce.dispose();
        return values;
      }, `InfoNCE ${W}×${T}×${k}`, { rtol: 1e-4, atolScale: 1e-5 });
    });
  }

  it('the whole autoencoder objective: losses, entropy and all nine gradients (W = 13, S = 5, hidden 7, k = 3)', async () => {
    const [W, S] = [13, 5];
    const states = sampleTrajectories(SYSTEM, new Rng(1), W, S);
    const size = { state: 2, hidden: 7, latent: 3 };
    const init = initialWeights(size, new Rng(2));
    await expectBackendsAgree(gpu!, cpuBackend(), async (be) => {
      const data = uploadWindows(be, states, W, S);
      const weights = init.map((v, i) => be.upload(v, weightShapes(size)[i]));
      const nce = new TemporalInfoNce(be, W, S + 1, 2, 0.5);
      const r = await koopmanLossAndGrads(be, weights, data, { linearity: 1, mutualInfo: 0.1, entropy: 0.05 }, nce);
      const scalars = [r.decoderLoss, r.linearityLoss, r.infoNceLoss!];
      const out = [Float64Array.of(r.entropy!), ...(await Promise.all([...scalars, ...r.grads].map((t) => be.read(t))))];
      for (const t of [...scalars, ...r.grads, ...weights, data.states, data.targets]) be.dispose(t);
      nce.dispose();
      return out;
    }, 'objective', { rtol: 1e-3, atolScale: 1e-4 });
  });

  it('EDMD on 37 snapshot pairs (3×37, prime): the exact eigenvalues to f32 accuracy, same as float64', async () => {
    const states = sampleTrajectories(SYSTEM, new Rng(6), 37, 1);
    const { x0, x1, n } = snapshotPairs(states, 37, 1, 3, slowManifoldDictionary);
    const fit = async (be: Backend) => {
      const [a, b] = [be.upload(x0, { rows: 3, cols: n }), be.upload(x1, { rows: 3, cols: n })];
      const r = await dmd(be, a, b, 3);
      be.dispose(a);
      be.dispose(b);
      return r;
    };
    const g = await fit(gpu!);
    const c = await fit(cpuBackend());
    const truth = trueEigenvalues(SYSTEM);
    console.log(`EDMD eigenvalue error: webgpu ${eigenvalueMatchError(g, truth).toExponential(1)}, cpu ${eigenvalueMatchError(c, truth).toExponential(1)}`);
    expect(eigenvalueMatchError(c, truth)).toBeLessThan(1e-10);
    expect(eigenvalueMatchError(g, truth)).toBeLessThan(1e-4);
  });
});

describe('koopman page on webgpu', () => {
  it('the quick preset: EDMD exact, the autoencoder close to the truth and to float64, entropy as in float64, nothing leaks', async () => {
    const g = await runExperimentOn(gpu!, 'koopman', 'quick');
    const c = await runExperimentOn(cpuBackend(), 'koopman', 'quick');
    const pick = (m: typeof g.m) => ({ edmd: m.eig_error_edmd, ae: m.eig_error_autoencoder, S: m.entropy, dmd: m.eig_error_dmd, pred: m.prediction_error_autoencoder });
    console.log(`koopman quick: webgpu ${g.seconds.toFixed(1)} s ${JSON.stringify(pick(g.m))}; cpu ${c.seconds.toFixed(1)} s ${JSON.stringify(pick(c.m))}`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    expect(c.m.eig_error_edmd as number).toBeLessThan(1e-6);
    expect(g.m.eig_error_edmd as number).toBeLessThan(1e-4);
    expect(Math.abs((g.m.eig_error_dmd as number) - (c.m.eig_error_dmd as number))).toBeLessThan(1e-4);
    expect(c.m.eig_error_autoencoder as number).toBeLessThan(0.02);
    expect(g.m.eig_error_autoencoder as number).toBeLessThan(0.02);
    expect(Math.abs((g.m.entropy as number) - (c.m.entropy as number))).toBeLessThan(0.02);
    expect(g.m.entropy as number).toBeLessThanOrEqual(Math.log(3));
  });
});
