// The koopman run end to end on the float64 cpu backend: headline metrics, the entropy knob's effect, clear errors, no leaks.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { defaults } from '../framework/fields';
import type { Metrics } from '../framework/types';
import type { RunContext } from '../framework/types';
import { koopmanFields, type KoopmanConfig } from './schema';
import { runKoopman } from './run';

/** A small config: 16 windows of 5 states, an 8-wide MLP. */
const SMALL: Partial<KoopmanConfig> = { trajectories: 16, horizon: 4, hidden: 8, steps: 80, lr: 0.02, testSteps: 20 };

async function finalMetrics(over: Partial<KoopmanConfig>): Promise<{ m: Metrics; leaked: number }> {
  const be = new CpuBackend();
  const config = { ...defaults(koopmanFields), ...SMALL, ...over };
  const ctx = { backend: be, rng: new Rng(config.seed), signal: new AbortController().signal } as unknown as RunContext;
  let m: Metrics = {};
  for await (const p of runKoopman(config, ctx)) m = p.metrics;
  return { m, leaked: be.liveTensors() };
}

describe('koopman run (float64)', () => {
  it('reports EDMD exact, finite autoencoder metrics, S ≤ log k, and frees every tensor', async () => {
    const { m, leaked } = await finalMetrics({});
    expect(m.eig_error_edmd as number).toBeLessThan(1e-6);
    expect(m.eig_error_dmd as number).toBeGreaterThan(1e-3);
    expect(Number.isFinite(m.eig_error_autoencoder)).toBe(true);
    expect(m.entropy as number).toBeGreaterThan(0);
    expect(m.entropy as number).toBeLessThanOrEqual(Math.log(3) + 1e-12);
    expect(m.prediction_error_edmd as number).toBeLessThan(1e-9);
    expect((m.test_autoencoder_x1 as number[][])[0]).toHaveLength(21);
    expect(leaked).toBe(0);
  });

  it('a larger entropy weight β spreads the latent variance: S rises toward log k', async () => {
    const plain = await finalMetrics({ entropyWeight: 0, miWeight: 0 });
    const strong = await finalMetrics({ entropyWeight: 0.2, miWeight: 0 });
    expect(strong.m.entropy as number).toBeGreaterThan((plain.m.entropy as number) + 0.05);
    expect(Math.log(3) - (strong.m.entropy as number)).toBeLessThan(0.05);
  });

  it('the quick preset (seed 1): β keeps S near log k; without it the latent concentrates, and a strong InfoNCE term collapses it further', async () => {
    const QUICK: Partial<KoopmanConfig> = { trajectories: 48, horizon: 6, hidden: 16, lr: 0.02, steps: 300, testSteps: 60 };
    const withEntropy = await finalMetrics({ ...QUICK });
    const plain = await finalMetrics({ ...QUICK, entropyWeight: 0, miWeight: 0 });
    const simple = await finalMetrics({ ...QUICK, entropyWeight: 0, miWeight: 0.5, neighbourhood: 2 });
    const S = (r: { m: Metrics }) => r.m.entropy as number;
    const top = (r: { m: Metrics }) => (r.m.latent_spectrum as number[])[0];
    expect(S(withEntropy)).toBeGreaterThan(Math.log(3) - 0.01);
    // the card's numbers: S ≈ 0.4 with ~90% in one direction, then S ≈ 0.2
    expect(Math.abs(S(plain) - 0.4)).toBeLessThan(0.05);
    expect(Math.abs(top(plain) - 0.9)).toBeLessThan(0.03);
    expect(Math.abs(S(simple) - 0.2)).toBeLessThan(0.05);
    expect(top(simple)).toBeGreaterThan(top(plain));
    // all three still find the eigenvalues roughly; the collapsed latent the least well
    expect(withEntropy.m.eig_error_autoencoder as number).toBeLessThan(0.02);
    expect(plain.m.eig_error_autoencoder as number).toBeLessThan(0.02);
    expect(simple.m.eig_error_autoencoder as number).toBeGreaterThan(plain.m.eig_error_autoencoder as number);
  }, 180_000);

  it('parameters the closed form cannot take are clear errors', async () => {
    await expect(finalMetrics({ mu: -0.5, lambda: -1 })).rejects.toThrow(/λ = 2μ/);
    await expect(finalMetrics({ horizon: 2, neighbourhood: 2 })).rejects.toThrow(/neighbourhood m = 2/);
  });
});
