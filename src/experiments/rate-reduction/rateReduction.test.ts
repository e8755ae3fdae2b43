// The rate-reduction page's checks on the float64 backend: closed-form rates, gradients against finite differences, the run.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { codingRate, membershipFromLabels, rateReduction, sinkhornMembership as clusterSinkhorn } from '../../cluster/mcr2';
import { identity } from '../../cluster/tensorOps';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { oneHotRows, rateReductionGradient, rateSystem, ratesFromLogdets } from './rateGradient';
import { featureNet, rateReductionStep } from './features';
import { patchTokens } from './crate';
import { sinkhornMembership } from './sinkhorn';
import { unitRows } from '../common/matmulSums';
import { rateReductionExperiment } from './index';

const be = new CpuBackend();

/** ∂f/∂z by central differences, for an async f of a host matrix. */
async function numericGradient(z: Float64Array, f: (z: Float64Array) => Promise<number>, h = 1e-6): Promise<Float64Array> {
  const g = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const keep = z[i];
    z[i] = keep + h;
    const up = await f(z);
    z[i] = keep - h;
    const down = await f(z);
    z[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** Runs an async measurement of an uploaded copy of z and frees it. */
async function withTensor<T>(z: Float64Array, n: number, d: number, f: (t: ReturnType<CpuBackend['upload']>) => Promise<T>): Promise<T> {
  const t = be.upload(z, { rows: n, cols: d });
  try { return await f(t); } finally { be.dispose(t); }
}

describe('coding rates', () => {
  it('Z = I₈, four equal classes, ε² = ½: R = 4 ln 3 and R_c = ln 9, by src/cluster and by the gradient path', async () => {
    // Samples are rows: z = I₈ is 8 samples in R⁸. R = ½·logdet(I + 8/(8·½)·I) = 4 ln 3; each class j has
    // tr Π_j = 2 and ZΠ_jZᵀ = two unit diagonal entries, so its term is (2/16)·2·ln(1 + 8/(2·½)) = ¼ ln 9.
    const live = be.liveTensors();
    const labels = [0, 0, 1, 1, 2, 2, 3, 3];
    const z = identity(be, 8);
    const membership = membershipFromLabels(be, labels, 4);
    const rates = await rateReduction(be, z, membership, 0.5);
    expect(rates.R).toBeCloseTo(4 * Math.log(3), 12);
    expect(rates.Rc).toBeCloseTo(Math.log(9), 12);
    const system = rateSystem(be, oneHotRows(labels, 4), 8, 4, 8, 0.5);
    const logdets = be.tidy(() => rateReductionGradient(be, z, system).logdets);
    const ours = ratesFromLogdets(system, await be.read(logdets));
    expect(ours.R).toBeCloseTo(4 * Math.log(3), 12);
    expect(ours.Rc).toBeCloseTo(Math.log(9), 12);
    expect(ours.deltaR).toBeCloseTo(2 * Math.log(3), 12);
    for (const t of [z, membership, logdets]) be.dispose(t);
    system.dispose();
    expect(be.liveTensors()).toBe(live);
  });

  it('∂R/∂Z = α·Z(I + αZᵀZ)⁻¹ (½ of logdet’s 2α(I + αZZᵀ)⁻¹Z) matches central differences of codingRate', async () => {
    const [n, d, eps2] = [7, 4, 0.3];
    const z = Float64Array.from(new Rng(41).normals(n * d)); // float64: a 1e-6 step must not round away
    const system = rateSystem(be, [], n, 0, d, eps2); // no groups: ΔR = R
    const grad = await withTensor(z, n, d, async (t) => {
      const g = be.tidy(() => rateReductionGradient(be, t, system).grad);
      try { return await be.read(g); } finally { be.dispose(g); }
    });
    const numeric = await numericGradient(z, (v) => withTensor(v, n, d, (t) => codingRate(be, t, eps2)));
    expect(relativeGradientError(grad, numeric)).toBeLessThan(1e-7);
    system.dispose();
  });

  it('∂ΔR/∂Z matches central differences of src/cluster’s rateReduction, for labels and for a soft membership', async () => {
    const [n, d, k, eps2] = [9, 5, 3, 0.5];
    const rng = new Rng(42);
    const z = Float64Array.from(rng.normals(n * d));
    const soft = Float64Array.from({ length: n * k }, () => rng.uniform());
    for (const membership of [oneHotRows([0, 1, 2, 0, 1, 2, 0, 1, 2], k), soft]) {
      const system = rateSystem(be, membership, n, k, d, eps2);
      const grad = await withTensor(z, n, d, async (t) => {
        const g = be.tidy(() => rateReductionGradient(be, t, system).grad);
        try { return await be.read(g); } finally { be.dispose(g); }
      });
      const pi = be.upload(membership, { rows: n, cols: k });
      const numeric = await numericGradient(z, (v) => withTensor(v, n, d, async (t) => (await rateReduction(be, t, pi, eps2)).deltaR));
      expect(relativeGradientError(grad, numeric)).toBeLessThan(1e-7);
      be.dispose(pi);
      system.dispose();
    }
  });

  it('the chain through the sphere normalization and the MLP matches central differences of ΔR in the weights', () => {
    const [n, D, d] = [10, 6, 4];
    const rng = new Rng(43);
    const mlp = featureNet(D, 5, d, 'tanh');
    const weights = mlp.init(be, rng);
    const x = be.upload(rng.normals(n * D), { rows: n, cols: D });
    const system = rateSystem(be, oneHotRows([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 2), n, 2, d, 0.5);
    const deltaR = () => be.tidy(() => {
      const { logdets } = rateReductionStep(be, mlp, weights, x, system);
      return ratesFromLogdets(system, be.view(logdets)).deltaR;
    });
    const grads = be.tidy(() => rateReductionStep(be, mlp, weights, x, system).grads);
    const numeric = centralDifferences(be, weights, deltaR);
    // the step returns ∂(−ΔR)/∂w, the loss it minimizes
    grads.forEach((g, i) => expect(relativeGradientError(be.view(g).map((v) => -v), numeric[i]), `weight ${i}`).toBeLessThan(1e-6));
    for (const t of [...grads, ...weights, x]) be.dispose(t);
    system.dispose();
  });
});

describe('Sinkhorn membership', () => {
  it('rows and columns sum to the same constant, and the matmul form reaches src/cluster’s balanced matrix', async () => {
    const n = 16;
    const z = be.tidy(() => unitRows(be, be.upload(new Rng(44).normals(n * 3), { rows: n, cols: 3 })));
    const ours = await sinkhornMembership(be, z, 0.5, 300);
    expect(ours.rowError).toBeLessThan(1e-9);
    expect(ours.colError).toBeLessThan(1e-12);
    for (let i = 0; i < n; i++) expect(ours.plan[i * n + i]).toBe(0);
    const theirs = await clusterSinkhorn(be, z, { temperature: 0.5, iterations: 300 });
    expect(relativeGradientError(ours.plan, be.view(theirs.plan))).toBeLessThan(1e-9);
    be.dispose(theirs.plan);
    be.dispose(z);
  });
});

describe('digit tokens', () => {
  it('cuts an 8×8 image into 16 raster-ordered 2×2 patches', () => {
    const image = Float64Array.from({ length: 64 }, (_, i) => i);
    const tokens = patchTokens(image, 1);
    expect(Array.from(tokens.subarray(0, 4))).toEqual([0, 1, 8, 9]);
    expect(Array.from(tokens.subarray(4, 8))).toEqual([2, 3, 10, 11]);
    expect(Array.from(tokens.subarray(4 * 4, 4 * 5))).toEqual([16, 17, 24, 25]);
    expect(Array.from(tokens.subarray(60, 64))).toEqual([54, 55, 62, 63]);
  });
});

describe('rate-reduction experiment', () => {
  it('quick preset: ΔR grows, classes become orthogonal low-dimensional subspaces, Π is doubly stochastic, CRATE compresses and sparsifies', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('rate-reduction', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const deltaR = m.rate_deltaR as number[];
    expect(deltaR.length).toBe(10);
    expect(m.deltaR_final as number).toBeGreaterThan((m.deltaR_initial as number) + 0.3);
    expect(deltaR[deltaR.length - 1]).toBeGreaterThan(deltaR[0] + 0.3);
    expect(m.deltaR_final as number).toBeCloseTo((m.R_final as number) - (m.Rc_final as number), 12);

    // the learned features: classes nearly orthogonal, each class's energy in at most half of the d directions
    const find = (key: string) => history.map((h) => h.metrics[key]).find((v) => v !== undefined) as number[][];
    const labels = m.labels as number[];
    const crossCosine = (z: number[][]) => {
      let sum = 0, count = 0;
      for (let i = 0; i < z.length; i++) for (let j = 0; j < z.length; j++) {
        if (labels[i] === labels[j]) continue;
        sum += Math.abs(z[i].reduce((s, v, c) => s + v * z[j][c], 0));
        count++;
      }
      return sum / count;
    };
    expect(crossCosine(find('features_final'))).toBeLessThan(0.5 * crossCosine(find('features_init')));
    for (const s of m.spectra_final as number[][]) {
      const energy = s.map((v) => v * v);
      const top = energy.slice(0, Math.ceil(s.length / 2)).reduce((a, b) => a + b, 0);
      expect(top / energy.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.9);
    }

    // Sinkhorn: every row and every column of Π sums to the same constant, 1
    const plan = find('membership');
    for (let i = 0; i < plan.length; i++) {
      expect(plan[i].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      expect(plan.reduce((a, row) => a + row[i], 0)).toBeCloseTo(1, 6);
    }

    // CRATE: MSSA lowers R_c(Z|U) from each layer's input; ISTA leaves exact zeros, MSSA dense tokens
    const points = m.crate_points as string[];
    const rc = m.crate_Rc as number[];
    const sparsity = m.crate_sparsity as number[];
    expect(points.length).toBe(3 * (config.crateLayers as number));
    for (let l = 0; l < points.length / 3; l++) {
      expect(rc[3 * l + 1]).toBeLessThan(rc[3 * l]);
      expect(sparsity[3 * l + 2]).toBeGreaterThan(0.3);
      expect(sparsity[3 * l + 1]).toBeLessThan(sparsity[3 * l + 2]);
    }

    // trained CRATE: the loss falls, and on held-out digits it beats the frozen random CRATE with a trained linear head
    const loss = m.crate_train_loss as number[];
    expect((m.crate_train_steps as number[]).at(-1)).toBe((config.crateTrainSteps as number) - 1);
    expect(loss.at(-1)!).toBeLessThan(0.5 * loss[0]);
    expect(loss[0]).toBeCloseTo(Math.log(10), 0);
    expect(m.crate_acc_trained as number).toBeGreaterThan((m.crate_acc_random as number) + 0.15);
    expect(m.crate_acc_trained as number).toBeGreaterThan(0.3);
    for (const k of ['crate_layer_Rc_before', 'crate_layer_Rc_after', 'crate_layer_sparsity_before', 'crate_layer_sparsity_after']) {
      expect((m[k] as number[]).length, k).toBe(config.crateTrainLayers);
    }
    // the random init's ISTA output is sparse; the same measurement after training is a different network's
    for (const s of m.crate_layer_sparsity_before as number[]) expect(s).toBeGreaterThan(0.3);
    expect(m.crate_layer_Rc_after).not.toEqual(m.crate_layer_Rc_before);

    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['rates', 'spectra', 'gram', 'membership', 'crate-compression', 'crate-sparsity', 'crate-training', 'crate-layer-rc', 'crate-layer-sparsity']);
  });

  it('with the CRATE switch off, neither the CRATE stack nor the trained CRATE runs', async () => {
    const { outcome, leaked } = await runExperimentForTest('rate-reduction', { ...rateReductionExperiment.presets.quick, steps: 10, crate: false });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    for (const k of ['crate_Rc', 'crate_train_loss', 'crate_acc_trained']) expect(outcome.final![k], k).toBeUndefined();
  });
});
