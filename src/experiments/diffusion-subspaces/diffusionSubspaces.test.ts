// The diffusion-subspaces page's checks on the float64 backend: the phase transition at N = d and the mixture denoiser.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { randomOrthonormalBasis } from '../../data/synthetic';
import { runExperimentForTest } from '../framework/runForTest';
import { fitBases, subspaceErrors } from './fitSubspaces';
import { denoisingErrors, sampleMixture } from './denoiser';
import { transitionPoint } from './run';

const be = new CpuBackend();

describe('fitting subspaces', () => {
  it('N ≥ d exact samples give the true projector; N < d give error √(d − N); matching ignores the order', async () => {
    const rng = new Rng(7);
    const [D, d] = [20, 5];
    const truth = [randomOrthonormalBasis(rng, D, d), randomOrthonormalBasis(rng, D, d)];
    for (const n of [2, 5, 9]) {
      const x = sampleMixture(rng, truth, D, d, n);
      const swapped = Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? 1 : 0)); // group names swapped
      const fit = await fitBases(be, x, D, swapped, 2, d);
      expect(fit.ranks).toEqual([Math.min(n, d), Math.min(n, d)]);
      for (const e of subspaceErrors(fit, truth, d)) expect(e).toBeCloseTo(Math.sqrt(Math.max(0, d - n)), 9);
    }
    expect(be.liveTensors()).toBe(0);
  });

  it('the transition point is where the error stays below the tolerance', () => {
    expect(transitionPoint([1, 2, 3, 4, 5], [2, 1, 0, 0, 0], 1e-3)).toBe(3);
    expect(transitionPoint([1, 2, 3], [2, 0, 1], 1e-3)).toBe(-1);
  });
});

describe('the mixture denoiser', () => {
  it('is the posterior mean: its error matches explicit Gaussian algebra, and σ²/(1 + σ²) bounds it from below', async () => {
    const rng = new Rng(8);
    const [D, d, M] = [12, 3, 40];
    const truth = [randomOrthonormalBasis(rng, D, d), randomOrthonormalBasis(rng, D, d)];
    const sigmas = [0.05, 0.5, 2];
    const setup = { x0: sampleMixture(rng, truth, D, d, M / 2), M, D, sigmas, noise: rng.normals(sigmas.length * M * D) };
    const exact = await denoisingErrors(be, setup, truth, [d, d], d);
    const reference = sigmas.map((s, l) => {
      // x̂ = Σ_k p(k | x_t)·Σ_k(Σ_k + σ²I)⁻¹x_t with Σ_k = U_kU_kᵀ and the full Gaussian densities N(x_t; 0, Σ_k + σ²I)
      const parts = truth.map((u) => gaussianPosterior(u, D, d, s * s));
      let err = 0;
      for (let m = 0; m < M; m++) {
        const xt = Array.from({ length: D }, (_, i) => setup.x0[m * D + i] + s * setup.noise[(l * M + m) * D + i]);
        const logp = parts.map((p) => -0.5 * quad(p.inverse, xt, D) - 0.5 * p.logdet);
        const top = Math.max(...logp);
        const w = logp.map((v) => Math.exp(v - top));
        const total = w.reduce((a, b) => a + b, 0);
        for (let i = 0; i < D; i++) {
          let xhat = 0;
          parts.forEach((p, k) => { for (let j = 0; j < D; j++) xhat += (w[k] / total) * p.gain[i * D + j] * xt[j]; });
          err += (xhat - setup.x0[m * D + i]) ** 2;
        }
      }
      let signal = 0;
      for (let i = 0; i < M * D; i++) signal += setup.x0[i] ** 2;
      return err / signal;
    });
    sigmas.forEach((s, i) => {
      expect(exact[i]).toBeCloseTo(reference[i], 9);
      expect(exact[i], `σ = ${s}`).toBeGreaterThan(0.8 * ((s * s) / (1 + s * s)));
    });
    // keep only the first two directions of each subspace: at small σ a third of the signal is lost
    const part = truth.map((u) => u.map((v, i) => (i % d < 2 ? v : 0)));
    const worse = await denoisingErrors(be, setup, part, [2, 2], d);
    expect(worse[0]).toBeGreaterThan(0.2);
    expect(be.liveTensors()).toBe(0);
  });
});

/** For Σ = UUᵀ (U: D×d orthonormal) and noise variance v: (Σ + vI)⁻¹, its log-determinant and Σ(Σ + vI)⁻¹, by Gauss–Jordan. */
function gaussianPosterior(u: Float64Array, D: number, d: number, v: number) {
  const cov = new Float64Array(D * D);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) {
    let s = i === j ? v : 0;
    for (let p = 0; p < d; p++) s += u[i * d + p] * u[j * d + p];
    cov[i * D + j] = s;
  }
  const a = Array.from({ length: D }, (_, i) => [...cov.subarray(i * D, (i + 1) * D), ...Array.from({ length: D }, (_, j) => (i === j ? 1 : 0))]);
  let logdet = 0;
  for (let k = 0; k < D; k++) {
    const p = a[k][k];
    logdet += Math.log(p);
    for (let j = 0; j < 2 * D; j++) a[k][j] /= p;
    for (let i = 0; i < D; i++) if (i !== k) { const f = a[i][k]; for (let j = 0; j < 2 * D; j++) a[i][j] -= f * a[k][j]; }
  }
  const inverse = new Float64Array(D * D);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) inverse[i * D + j] = a[i][D + j];
  const gain = new Float64Array(D * D); // Σ(Σ + vI)⁻¹ = I − v(Σ + vI)⁻¹
  for (let i = 0; i < D * D; i++) gain[i] = (i % (D + 1) === 0 ? 1 : 0) - v * inverse[i];
  return { inverse, logdet, gain };
}

function quad(a: Float64Array, x: number[], D: number): number {
  let s = 0;
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) s += x[i] * a[i * D + j] * x[j];
  return s;
}

describe('diffusion-subspaces experiment', () => {
  it('noise-free, D = 48, two subspaces of dim 7: error ≈ 0 from N = d samples per class on, large below', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('diffusion-subspaces', { maxPerClass: 10, trials: 2, testPerClass: 32, seed: 3 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const ns = m.per_class as number[];
    const oracle = m.error_oracle as number[];
    const clustered = m.error_cluster as number[];
    expect(ns).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    ns.forEach((n, i) => {
      if (n >= 7) {
        expect(oracle[i], `labels known, N = ${n}`).toBeLessThan(1e-6);
        expect(clustered[i], `no labels, N = ${n}`).toBeLessThan(1e-6);
      } else {
        expect(oracle[i]).toBeCloseTo(Math.sqrt(7 - n), 9);
        expect(clustered[i], `no labels, N = ${n}`).toBeGreaterThanOrEqual(oracle[i] - 1e-9);
        expect(clustered[i]).toBeGreaterThan(0.9);
      }
    });
    expect(m.transition_oracle).toBe(7);
    expect(m.transition_cluster).toBe(7);
    // the denoiser learned from 10 samples per class matches the true one; the one from 3 does not
    const exact = m.denoise_true as number[];
    (m.denoise_large as number[]).forEach((e, i) => expect(Math.abs(e - exact[i])).toBeLessThan(1e-6));
    expect((m.denoise_small as number[])[0]).toBeGreaterThan(0.4);
    expect(meta.plots(history, config as never).map((p) => p.id)).toEqual(['phase-transition', 'clustering-accuracy', 'denoising']);
  });

  it('quick preset finishes cleanly with the transition at its d', async () => {
    const { outcome, config, leaked } = await runExperimentForTest('diffusion-subspaces', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    expect(outcome.final!.transition_oracle).toBe(config.dim);
  });
});
