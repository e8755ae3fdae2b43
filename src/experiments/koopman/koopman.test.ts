// Float64 checks of the koopman page's math: EDMD's exact eigenvalues, the entropy's bounds, and every gradient by central differences.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { dmd } from '../../linalg/dmd';
import { centralDifferencesAsync, relativeGradientError } from '../../learn/gradientCheck';
import { flow, sampleTrajectories, slowManifoldDictionary, snapshotPairs, stateObservables, trueEigenvalues, type SlowManifold } from './slowManifold';
import { eigenvalueMatchError } from './eigenvalueMatch';
import { vonNeumannEntropy } from './vonNeumannEntropy';
import { TemporalInfoNce } from './temporalInfoNce';
import { initialWeights, weightShapes, type AutoencoderSize } from './koopmanAutoencoder';
import { koopmanLossAndGrads, totalLoss, type LossWeights } from './koopmanLoss';
import { uploadWindows } from './koopmanWindows';

const SYSTEM: SlowManifold = { mu: -0.2, lambda: -1, dt: 0.25 };

describe('slow-manifold system', () => {
  it('the closed-form flow solves the ODE (derivative by central differences) and composes', () => {
    const [x1, x2] = [0.7, -0.4];
    const h = 1e-5;
    const [a1, a2] = flow(SYSTEM, x1, x2, 0.3 + h);
    const [b1, b2] = flow(SYSTEM, x1, x2, 0.3 - h);
    const [c1, c2] = flow(SYSTEM, x1, x2, 0.3);
    expect((a1 - b1) / (2 * h)).toBeCloseTo(SYSTEM.mu * c1, 8);
    expect((a2 - b2) / (2 * h)).toBeCloseTo(SYSTEM.lambda * (c2 - c1 * c1), 8);
    const [d1, d2] = flow(SYSTEM, ...flow(SYSTEM, x1, x2, 0.5), 0.75);
    const [e1, e2] = flow(SYSTEM, x1, x2, 1.25);
    expect(Math.abs(d1 - e1) + Math.abs(d2 - e2)).toBeLessThan(1e-14);
  });
});

describe('eigenvalueMatchError', () => {
  it('the best one-to-one matching, its worst distance; Infinity with too few learned values', () => {
    // 1 takes 0.98 and 0.5 takes 0.48 (both 0.02 away), leaving 0.5 + 0.1i unmatched
    expect(eigenvalueMatchError({ re: [0.98, 0.5, 0.48], im: [0, 0.1, 0] }, [1, 0.5])).toBeCloseTo(0.02, 12);
    expect(eigenvalueMatchError({ re: [0.5, 0.98], im: [0.1, 0] }, [1, 0.5])).toBeCloseTo(0.1, 12);
    expect(eigenvalueMatchError({ re: [0.9], im: [0] }, [0.9, 0.8])).toBe(Infinity);
  });
});

describe('DMD and EDMD (float64)', () => {
  const be = new CpuBackend();
  const states = sampleTrajectories(SYSTEM, new Rng(5), 12, 10);

  it('EDMD on [x₁, x₂, x₁²] recovers e^{μΔt}, e^{λΔt}, e^{2μΔt} to 1e-6', async () => {
    const { x0, x1, n } = snapshotPairs(states, 12, 10, 3, slowManifoldDictionary);
    const result = await dmd(be, be.upload(x0, { rows: 3, cols: n }), be.upload(x1, { rows: 3, cols: n }), 3);
    const truth = trueEigenvalues(SYSTEM);
    expect(eigenvalueMatchError(result, truth)).toBeLessThan(1e-6);
    expect(Math.max(...result.im.map(Math.abs))).toBeLessThan(1e-6);
    for (const t of truth) expect(Math.min(...result.re.map((r) => Math.abs(r - t)))).toBeLessThan(1e-6);
  });

  it('plain DMD on the state misses e^{2μΔt} and biases the rest: the nonlinearity needs the x₁² observable', async () => {
    const { x0, x1, n } = snapshotPairs(states, 12, 10, 2, stateObservables);
    const result = await dmd(be, be.upload(x0, { rows: 2, cols: n }), be.upload(x1, { rows: 2, cols: n }), 2);
    expect(result.re).toHaveLength(2);
    expect(eigenvalueMatchError(result, trueEigenvalues(SYSTEM).slice(0, 2))).toBeGreaterThan(1e-3);
  });
});

describe('von Neumann entropy', () => {
  const be = new CpuBackend();

  it('S = log k exactly for an isotropic covariance (k = 2, 4)', async () => {
    const square = be.upload([1, 1, 1, -1, -1, 1, -1, -1], { rows: 4, cols: 2 });
    expect((await vonNeumannEntropy(be, square, { grad: false })).entropy).toBeCloseTo(Math.log(2), 12);
    // the 8×8 Hadamard's columns 1…4 (mean-free, orthogonal, equal norms)
    const h = (i: number, j: number) => (((i & j).toString(2).split('1').length - 1) % 2 === 0 ? 1 : -1);
    const Z = be.upload(Float64Array.from({ length: 32 }, (_, t) => h(Math.floor(t / 4), (t % 4) + 1)), { rows: 8, cols: 4 });
    const r = await vonNeumannEntropy(be, Z, { grad: false });
    expect(r.entropy).toBeCloseTo(Math.log(4), 12);
    r.spectrum.forEach((l) => expect(l).toBeCloseTo(0.25, 12));
  });

  it('S ≤ log k for random latents, approaching 0 for a rank-one latent', async () => {
    const rng = new Rng(9);
    for (const k of [2, 3, 5, 8]) {
      const Z = be.upload(Float64Array.from({ length: 40 * k }, (_, i) => rng.normal() * (1 + (i % k))), { rows: 40, cols: k });
      const { entropy, spectrum } = await vonNeumannEntropy(be, Z, { grad: false });
      expect(entropy).toBeLessThan(Math.log(k));
      expect(entropy).toBeGreaterThan(0.3 * Math.log(k));
      expect(spectrum.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    }
    const u = Array.from({ length: 30 }, () => rng.normal());
    const rankOne = be.upload(Float64Array.from({ length: 90 }, (_, i) => u[Math.floor(i / 3)] * [1, -2, 0.5][i % 3]), { rows: 30, cols: 3 });
    expect((await vonNeumannEntropy(be, rankOne, { grad: false })).entropy).toBeLessThan(1e-6);
  });

  it('∂S/∂z matches central differences (k = 4, N = 11)', async () => {
    const rng = new Rng(4);
    const Z = be.upload(Float64Array.from({ length: 44 }, (_, i) => rng.normal() * (1 + 0.5 * (i % 4))), { rows: 11, cols: 4 });
    const { grad } = await vonNeumannEntropy(be, Z, { grad: true });
    const [numeric] = await centralDifferencesAsync(be, [Z], async () => (await vonNeumannEntropy(be, Z, { grad: false })).entropy);
    expect(relativeGradientError(be.view(grad!), numeric)).toBeLessThan(1e-6);
  });

  it('a constant latent is a clear error, not NaN', async () => {
    await expect(vonNeumannEntropy(be, be.fill({ rows: 5, cols: 2 }, 3), { grad: true })).rejects.toThrow(/constant/);
  });
});

describe('InfoNCE over temporal neighbours', () => {
  const be = new CpuBackend();

  it('matches a direct evaluation of the formula, and its gradient matches central differences', async () => {
    const [W, T, k, m, tau] = [3, 7, 4, 2, 0.5];
    const rng = new Rng(8);
    const zHost = Float64Array.from({ length: W * T * k }, () => rng.normal());
    const Z = be.upload(zHost, { rows: T * W, cols: k });
    const nce = new TemporalInfoNce(be, W, T, m, tau);
    const direct = (z: Float64Array) => {
      const unit = (t: number, w: number) => {
        const v = Array.from({ length: k }, (_, c) => z[(t * W + w) * k + c]);
        const n = Math.hypot(...v);
        return v.map((x) => x / n);
      };
      let total = 0;
      for (let w = 0; w < W; w++) for (let n = m; n < T - m; n++) {
        const a = unit(n, w);
        let pos = 0, all = 0;
        for (let j = 0; j < T; j++) {
          if (j === n) continue;
          const e = Math.exp(a.reduce((s, x, c) => s + x * unit(j, w)[c], 0) / tau);
          all += e;
          if (Math.abs(j - n) <= m) pos += e;
        }
        total -= Math.log(pos / all);
      }
      return total / (W * (T - 2 * m));
    };
    const { loss, grad } = be.tidy(() => nce.lossAndGrad(Z));
    expect(be.view(loss)[0]).toBeCloseTo(direct(zHost), 12);
    const [numeric] = await centralDifferencesAsync(be, [Z], async () => be.tidy(() => be.view(nce.lossAndGrad(Z).loss)[0]));
    expect(relativeGradientError(be.view(grad), numeric)).toBeLessThan(1e-7);
    expect(() => new TemporalInfoNce(be, W, 4, 2, tau)).toThrow(/more than 2m = 4 times/);
  });
});

describe('Koopman autoencoder objective', () => {
  it('the whole gradient (decoder, rollout, linearity, InfoNCE, entropy) matches central differences', async () => {
    const be = new CpuBackend();
    const size: AutoencoderSize = { state: 2, hidden: 5, latent: 3 };
    const [W, S] = [4, 3];
    const data = uploadWindows(be, sampleTrajectories(SYSTEM, new Rng(1), W, S), W, S);
    const weights = initialWeights(size, new Rng(2)).map((v, i) => be.upload(v, weightShapes(size)[i]));
    // a K away from the identity, so the rollout's gradient is not special
    be.view(weights[8]).set([0.9, 0.1, 0, -0.2, 0.8, 0.1, 0.05, 0, 0.7]);
    const w: LossWeights = { linearity: 0.7, mutualInfo: 0.3, entropy: 0.2 };
    const nce = new TemporalInfoNce(be, W, S + 1, 1, 0.5);
    const value = async () => {
      const r = await koopmanLossAndGrads(be, weights, data, w, nce);
      return totalLoss({ decoder: be.view(r.decoderLoss)[0], linearity: be.view(r.linearityLoss)[0], infoNce: be.view(r.infoNceLoss!)[0], entropy: r.entropy! }, w);
    };
    const analytic = await koopmanLossAndGrads(be, weights, data, w, nce);
    const numeric = await centralDifferencesAsync(be, weights, value);
    analytic.grads.forEach((g, i) => expect(relativeGradientError(be.view(g), numeric[i]), `weight ${i}`).toBeLessThan(1e-6));
  });
});
