// The spectrum page's "weights" source: a digits MLP trained here (cpu, seeded) and one layer's W factored.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';

describe('spectrum of trained weights', () => {
  it('W2 of the trained MLP: 32×32, Eckart–Young holds, same seed gives the same spectrum', async () => {
    const config = { source: 'weights', layer: '2', k: 8, seed: 4 };
    const a = await runExperimentForTest('spectrum', config);
    expect(a.outcome.status, a.outcome.message ?? '').toBe('done');
    expect(a.leaked).toBe(0);
    const m = a.outcome.final!;
    expect([m.m, m.n]).toEqual([32, 32]);
    expect(m.eckart_young_gap as number).toBeLessThan(1e-10);
    const sigma = m.sigma as number[];
    expect(sigma.length).toBe(32);
    // training leaves a spectrum that is far from flat: the top direction dominates the smallest
    expect(sigma[0] / sigma[31]).toBeGreaterThan(5);
    const b = await runExperimentForTest('spectrum', config);
    expect(b.outcome.final!.sigma).toEqual(sigma);
    const head = await runExperimentForTest('spectrum', { ...config, layer: '3' });
    expect([head.outcome.final!.m, head.outcome.final!.n]).toEqual([10, 32]);
  }, 120_000);
});
