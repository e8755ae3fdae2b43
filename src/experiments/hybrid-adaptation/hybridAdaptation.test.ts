// The hybrid-adaptation page's checks on the float64 backend: the distance identity, gradients, λ_dist = 0, the quick run.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import type { Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { randomOrthonormalBasis } from '../../data/synthetic';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { directionalSubspaceLoss, perpendicularDirections, subspaceDistances } from './directionalSubspaceLoss';
import { adaptationLossAndGrads, embed } from './generatorAdaptation';
import { slant, thicken } from './domains';
import { initTwoLayer, twoLayerForward } from './twoLayerNet';
import { imageGrid } from './plots';

const be = new CpuBackend();
const QUICK = { pretrainSteps: 150, steps: 60 };

/** Rows of normal numbers, (rows, cols). */
const normals = (rng: Rng, rows: number, cols: number, scale = 1) => be.upload(Float64Array.from(rng.normals(rows * cols, scale)), { rows, cols });

describe('target domains', () => {
  it('thick strokes dilate one pixel into a plus; slanting shifts rows by shear·(3.5 − r)', () => {
    const dot = new Float64Array(64);
    dot[3 * 8 + 4] = 1;
    const thick = thicken(dot);
    expect([...thick.keys()].filter((i) => thick[i] === 1).sort((a, b) => a - b)).toEqual([20, 27, 28, 29, 36]);
    expect(thick.reduce((a, v) => a + v, 0)).toBe(5);
    const column = Float64Array.from({ length: 64 }, (_, i) => (i % 8 === 4 ? 1 : 0));
    const slanted = slant(column, 0.5);
    // row 1 shifts right by 1.25: the ink lands 3/4 on column 5 and 1/4 on column 6
    expect(slanted[8 + 5]).toBeCloseTo(0.75, 12);
    expect(slanted[8 + 6]).toBeCloseTo(0.25, 12);
    for (let r = 0; r < 8; r++) expect(slanted.subarray(r * 8, r * 8 + 8).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
  });
});

describe('sample grid', () => {
  it('puts image k of row g at rows 9g…9g+7, columns 9k…9k+7, with blank gaps', () => {
    const img = (v: number) => Array.from({ length: 64 }, (_, i) => v + i / 100);
    const z = imageGrid([[img(1), img(2), img(3)], [img(4)]]);
    expect([z.length, z[0].length]).toEqual([17, 26]);
    expect(z[0][0]).toBe(1);
    expect(z[7][9 + 7]).toBe(2.63);
    expect(z[9 + 2][3]).toBe(4 + 19 / 100);
    expect(z[8].every((v) => v === null)).toBe(true);
    expect(z[0][8]).toBeNull();
    expect(z[9][9]).toBeNull();
  });
});

describe('directional subspace loss', () => {
  it('the distance equals ‖(I − PPᵀ)x‖ with the explicit projector', async () => {
    const rng = new Rng(3);
    const [F, r, B] = [11, 4, 7];
    const Pv = randomOrthonormalBasis(rng, F, r);
    const X = Float64Array.from(rng.normals(B * F));
    const start = be.liveTensors();
    const dt = be.tidy(() => subspaceDistances(be, be.upload(X, { rows: B, cols: F }), be.upload(Pv, { rows: F, cols: r })));
    const d = await be.read(dt);
    be.dispose(dt);
    expect(be.liveTensors()).toBe(start);
    for (let j = 0; j < B; j++) {
      let sq = 0;
      for (let a = 0; a < F; a++) {
        let y = X[j * F + a];
        for (let b = 0; b < F; b++) {
          let ppt = 0;
          for (let k = 0; k < r; k++) ppt += Pv[a * r + k] * Pv[b * r + k];
          y -= ppt * X[j * F + b];
        }
        sq += y * y;
      }
      expect(d[j]).toBeCloseTo(Math.sqrt(sq), 12);
    }
  });

  it('its gradient with respect to the generator weights matches central differences', async () => {
    const rng = new Rng(5);
    const [latent, hidden, F, B] = [3, 5, 6, 4];
    const start = be.liveTensors();
    const source = initTwoLayer(be, rng, [latent, hidden, 64]);
    const w = source.map((t) => be.keep(be.tidy(() => be.elementwise('add', t, normals(rng, t.rows, t.cols, 0.05)))));
    const encoder = { W: be.keep(normals(rng, F, 64, 0.3)), b: be.keep(normals(rng, 1, F, 0.1)) };
    const targets = { bases: [2, 3].map((r) => be.keep(be.upload(randomOrthonormalBasis(rng, F, r), { rows: F, cols: r }))), alphas: [0.3, 0.7] };
    const z = be.keep(normals(rng, B, latent));
    const [eS, dirs] = be.tidy(() => {
      const e = embed(be, encoder, twoLayerForward(be, source, z).out);
      return [be.keep(e), be.keep(perpendicularDirections(be, e, targets))];
    });
    const lossOf = () => be.tidy(() => be.view(adaptationLossAndGrads(be, w, { encoder, targets }, z, eS, dirs, 0.8, 1.7).loss)[0]);
    const analytic = be.tidy(() => adaptationLossAndGrads(be, w, { encoder, targets }, z, eS, dirs, 0.8, 1.7).grads.map((g) => Float64Array.from(be.view(g))));
    const numeric = centralDifferences(be, w, lossOf);
    for (let i = 0; i < w.length; i++) expect(relativeGradientError(analytic[i], numeric[i]), `weight ${i}`).toBeLessThan(1e-6);
    // the direction term alone is zero, with a zero gradient, where the adapted embeddings equal the source ones
    const atStart = be.tidy(() => {
      const g = directionalSubspaceLoss(be, eS, eS, dirs, targets, 0, 2.5);
      return [be.view(g.loss)[0], be.view(be.reduce('maxAbs', g.grad, 'all'))[0]];
    });
    expect(atStart).toEqual([0, 0]);
    for (const t of [...source, ...w, encoder.W, encoder.b, ...targets.bases, z, eS, dirs] as Tensor[]) be.dispose(t);
    expect(be.liveTensors()).toBe(start);
  });
});

describe('the page run', () => {
  it('λ_dist = 0 leaves the generator unchanged: zero weight change, the source distances and identity', async () => {
    const { outcome, leaked } = await runExperimentForTest('hybrid-adaptation', { ...QUICK, distanceWeight: 0 });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    const m = outcome.final!;
    expect(m.generator_change).toBe(0);
    expect(m.distance_domain_a).toBe(m.source_distance_a);
    expect(m.distance_domain_b).toBe(m.source_distance_b);
    expect(m.identity_score).toBe(m.source_identity);
    expect(m.samples_after).toEqual(m.samples_before);
    expect(leaked).toBe(0);
  });

  it('quick: both distances fall by a quarter while the digits keep their class; without the direction loss they do not', async () => {
    const hybrid = await runExperimentForTest('hybrid-adaptation', QUICK);
    const free = await runExperimentForTest('hybrid-adaptation', { ...QUICK, directionWeight: 0 });
    const narrow = await runExperimentForTest('hybrid-adaptation', { ...QUICK, rank: 3 });
    for (const r of [hybrid, free, narrow]) {
      expect(r.outcome.status, r.outcome.message ?? '').toBe('done');
      expect(r.leaked).toBe(0);
    }
    const m = hybrid.outcome.final!;
    const f = free.outcome.final!;
    console.log('quick (cpu):', JSON.stringify({ a: [m.source_distance_a, m.distance_domain_a], b: [m.source_distance_b, m.distance_domain_b], identity: [m.source_identity, m.identity_score], free: [f.distance_domain_a, f.distance_domain_b, f.identity_score] }));
    expect(m.source_identity as number).toBeGreaterThan(0.75);
    expect(m.distance_domain_a as number).toBeLessThan(0.75 * (m.source_distance_a as number));
    expect(m.distance_domain_b as number).toBeLessThan(0.75 * (m.source_distance_b as number));
    expect(m.identity_score as number).toBeGreaterThan((m.source_identity as number) - 0.1);
    expect(f.identity_score as number).toBeLessThan((m.identity_score as number) - 0.2);
    // a rank-3 subspace cannot hold ten digit classes: pulling into it erases the class
    expect(narrow.outcome.final!.identity_score as number).toBeLessThan((m.identity_score as number) - 0.2);
    expect((m.samples_after as number[][]).length).toBe(10);
  }, 60_000);

  it('α_A = 1 adapts to thick strokes alone: distance A falls, distance B barely moves', async () => {
    const { outcome } = await runExperimentForTest('hybrid-adaptation', { ...QUICK, weightA: 1 });
    const m = outcome.final!;
    console.log('quick, α_A = 1 (cpu):', JSON.stringify({ a: [m.source_distance_a, m.distance_domain_a], b: [m.source_distance_b, m.distance_domain_b] }));
    expect(m.distance_domain_a as number).toBeLessThan(0.6 * (m.source_distance_a as number));
    expect(m.distance_domain_b as number).toBeGreaterThan(0.8 * (m.source_distance_b as number));
  });

  it('a rank above the shots is a clear error, not NaN', async () => {
    const { outcome } = await runExperimentForTest('hybrid-adaptation', { ...QUICK, shots: 4, rank: 6 });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/rank r = 6 cannot exceed the shots per domain \(4\)/);
  });
});
