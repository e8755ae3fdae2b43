// The model-merging page's checks on the float64 backend: λ = 0 gives θ₀, ones mask = task arithmetic, T → 0 binary, ∂L/∂ℓ.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { getExperiment } from '../registry';
import { resolveConfig } from '../framework/resolveConfig';
import { uploadDataset } from '../../learn/trainer';
import { UnlabeledPool } from './mergeTraining';
import { concreteSample, uniformNoise } from './concreteMask';
import { entropyLossAndGrad, lambdaGrad, maskGrad, preparedMask } from './entropyObjective';
import { expandLambdas, maskedMerge, taskArithmetic, tiesMerge, trimThresholds } from './merges';
import { taskVectorAngles } from './evaluate';
import { transformImages } from './tasks';
import { TINY_LAMBDAS, tinyMergeProblem } from './tinyMergeProblem';

const tinySetup = (be: CpuBackend, rescale: boolean) => tinyMergeProblem(be, rescale);

describe('model-merging pieces (float64)', () => {
  it('λ = 0 gives θ₀ exactly; an all-ones mask with Λ = λ equals task arithmetic', async () => {
    const be = new CpuBackend();
    const s = tinySetup(be, false);
    const D = s.T.cols;
    const zero = expandLambdas(be, be.fill({ rows: 3, cols: 6 }, 0), s.E);
    const same = expandLambdas(be, be.fill({ rows: 3, cols: 6 }, 0.37), s.E);
    const theta0 = await be.read(s.theta0);
    expect(Array.from(await be.read(taskArithmetic(be, s.theta0, s.T, 0)))).toEqual(Array.from(theta0));
    expect(Array.from(await be.read(maskedMerge(be, s.theta0, s.T, be.upload(s.rng.normals(D), { rows: 1, cols: D }), zero)))).toEqual(Array.from(theta0));
    const ta = await be.read(taskArithmetic(be, s.theta0, s.T, 0.37));
    const ones = await be.read(maskedMerge(be, s.theta0, s.T, be.fill({ rows: 1, cols: D }, 1), same));
    const tau = await be.read(s.T);
    ta.forEach((v, i) => {
      expect(Math.abs(ones[i] - v)).toBeLessThan(1e-15);
      // and task arithmetic is θ₀ + λ Σ τᵢ entry by entry
      expect(Math.abs(v - (theta0[i] + 0.37 * (tau[i] + tau[D + i] + tau[2 * D + i])))).toBeLessThan(1e-15);
    });
  });

  it('the Concrete sample is σ((ℓ + log u − log(1 − u))/T) and becomes the Bernoulli(σ(ℓ)) sample as T → 0', async () => {
    const be = new CpuBackend();
    const rng = new Rng(5);
    const D = 400;
    const l = Float64Array.from(rng.normals(D, 2));
    const u = uniformNoise(rng, D);
    const lt = be.upload(l, { rows: 1, cols: D });
    const ut = be.upload(u, { rows: 1, cols: D });
    const soft = await be.read(concreteSample(be, lt, ut, 0.7));
    soft.forEach((m, i) => expect(Math.abs(m - 1 / (1 + Math.exp(-(l[i] + Math.log(u[i]) - Math.log(1 - u[i])) / 0.7)))).toBeLessThan(1e-14));
    const gaps: number[] = [];
    for (const t of [1, 0.1, 0.01, 1e-3, 1e-5]) {
      const m = await be.read(concreteSample(be, lt, ut, t));
      gaps.push(m.reduce((a, v) => a + Math.min(v, 1 - v), 0) / D);
      if (t === 1e-5) m.forEach((v, i) => expect(v, `entry ${i}`).toBe(u[i] > 1 - 1 / (1 + Math.exp(-l[i])) ? 1 : 0));
    }
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1]);
    expect(gaps[0]).toBeGreaterThan(0.1);
    expect(gaps[gaps.length - 1]).toBeLessThan(1e-4);
  });

  for (const rescale of [false, true]) {
    it(`∂L/∂ℓ through the Concrete sample${rescale ? ' and the per-layer rescaling' : ''} matches central differences`, async () => {
      const be = new CpuBackend();
      const s = tinySetup(be, rescale);
      const D = s.T.cols;
      const logits = be.upload(s.rng.normals(D), { rows: 1, cols: D });
      const u = be.upload(uniformNoise(s.rng, D), { rows: 1, cols: D });
      const lambdaRows = expandLambdas(be, be.upload(TINY_LAMBDAS, { rows: 3, cols: 6 }), s.E);
      const loss = () => be.tidy(() => be.view(entropyLossAndGrad(be, s, s.x, preparedMask(be, s, concreteSample(be, logits, u, 0.5), 0.5).scaled, lambdaRows, 2).loss)[0]);
      const m = preparedMask(be, s, concreteSample(be, logits, u, 0.5), 0.5);
      const analytic = await be.read(m.backward(maskGrad(be, s, lambdaRows, entropyLossAndGrad(be, s, s.x, m.scaled, lambdaRows, 2).dTheta)));
      const [numeric] = centralDifferences(be, [logits], loss, 1e-6);
      expect(Math.max(...numeric.map(Math.abs))).toBeGreaterThan(1e-3);
      expect(relativeGradientError(analytic, numeric)).toBeLessThan(1e-7);
    });
  }

  it('∂L/∂λ (one λ per task and weight tensor) matches central differences', async () => {
    const be = new CpuBackend();
    const s = tinySetup(be, false);
    const D = s.T.cols;
    const mask = be.upload(Float64Array.from({ length: D }, (_, i) => (i % 3 ? 1 : 0)), { rows: 1, cols: D });
    const lambdas = be.upload(s.rng.normals(18, 0.3), { rows: 3, cols: 6 });
    const loss = () => be.tidy(() => be.view(entropyLossAndGrad(be, s, s.x, mask, expandLambdas(be, lambdas, s.E), 3).loss)[0]);
    const analytic = await be.read(lambdaGrad(be, s, mask, entropyLossAndGrad(be, s, s.x, mask, expandLambdas(be, lambdas, s.E), 3).dTheta));
    const [numeric] = centralDifferences(be, [lambdas], loss, 1e-6);
    expect(relativeGradientError(analytic, numeric)).toBeLessThan(1e-7);
  });

  it('TIES on a hand example: trim to the top 3 of 5, elect signs by mass, average only the agreeing entries', async () => {
    const be = new CpuBackend();
    const T = [3, -1, 0.5, 2, 1.5, -2, -3, 0.1, 1, 2.5];
    const thresholds = trimThresholds(Float64Array.from(T, Math.abs), 2, 0.6);
    expect(Array.from(thresholds)).toEqual([1.25, 1.5]);
    const { merged, theta } = tiesMerge(be, be.fill({ rows: 1, cols: 5 }, 10), be.upload(T, { rows: 2, cols: 5 }), be.upload(thresholds, { rows: 2, cols: 1 }), 0.5);
    // trimmed: [3, 0, 0, 2, 1.5] and [−2, −3, 0, 0, 2.5]; elected signs [+, −, 0, +, +]
    expect(Array.from(await be.read(merged))).toEqual([3, -3, 0, 2, 2]);
    expect(Array.from(await be.read(theta))).toEqual([11.5, 8.5, 10, 11, 11]);
  });

  it('angles between task vectors: orthogonal rows are 90°, a row and its double 0°', async () => {
    const be = new CpuBackend();
    const T = be.upload([1, 0, 0, 0, 2, 0, 2, 0, 0], { rows: 3, cols: 3 });
    const angles = await taskVectorAngles(be, T);
    expect(angles.map((a) => Math.round(a * 1e9) / 1e9)).toEqual([90, 0, 90]);
    const masked = await taskVectorAngles(be, be.upload([1, 1, 0, 1, -1, 0, 0, 1, 1], { rows: 3, cols: 3 }), be.upload([1, 0, 1], { rows: 1, cols: 3 }));
    expect(masked.map((a) => Math.round(a * 1e9) / 1e9)).toEqual([0, 90, 90]);
  });

  it('bad input is a clear error: one task is not a merge, a batch larger than a task’s test set is refused', () => {
    const { config, warnings } = resolveConfig(getExperiment('model-merging')!, { tasks: ['shift'] });
    expect(warnings.join(' ')).toMatch(/Tasks.*pick at least 2/);
    expect(config.tasks).toEqual(['shift', 'flip', 'rotate']);
    const be = new CpuBackend();
    const small = uploadDataset(be, new Float64Array(5 * 64), [0, 1, 2, 3, 4], 64);
    expect(() => new UnlabeledPool(be, [{ name: 'flip', train: small, test: small }], 8)).toThrow(/8 unlabeled inputs per step, but task flip has only 5 test digits/);
  });

  it('tasks: flipping twice and rotating four times give the image back; an unknown task is a clear error', () => {
    const X = Float32Array.from({ length: 128 }, (_, i) => (i * 7) % 17 / 16);
    expect(Array.from(transformImages(transformImages(X, 'flip'), 'flip'))).toEqual(Array.from(X));
    let r: Float32Array = X;
    for (let i = 0; i < 4; i++) r = transformImages(r, 'rotate');
    expect(Array.from(r)).toEqual(Array.from(X));
    expect(Array.from(transformImages(X, 'rotate'))).not.toEqual(Array.from(X));
    expect(() => transformImages(X, 'blur')).toThrow(/unknown task “blur”/);
  });
});

describe('model-merging experiment', () => {
  it('quick preset: the checks hold, every model is evaluated, the plots have data', async () => {
    const t0 = performance.now();
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('model-merging', 'quick');
    console.log(`model-merging quick preset (cpu backend): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    console.log(['acc_pretrained', 'acc_finetuned', 'acc_task_arithmetic', 'acc_ties', 'acc_concrete_ta', 'acc_adamerging', 'acc_concrete', 'mask_kept', 'concrete_grad_error'].map((k) => `${k} ${(m[k] as number).toFixed(4)}`).join(', '));
    expect(m.lambda0_gap).toBe(0);
    expect(m.ones_mask_gap as number).toBeLessThan(1e-14);
    expect(m.concrete_grad_error as number).toBeLessThan(1e-6);
    expect(m.hard_mask_mismatch).toBe(0);
    const gaps = m.binary_gap as number[];
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1]);
    expect(gaps[gaps.length - 1]).toBeLessThan(1e-3);
    const names = m.model_names as string[];
    expect(names).toEqual(['θ₀ (pretrained)', 'fine-tuned on shift', 'fine-tuned on flip', 'fine-tuned on rotate', 'task arithmetic', 'TIES', 'Concrete mask, λ fixed', 'AdaMerging (no mask)', 'Concrete mask + AdaMerging']);
    const acc = m.task_accuracy as number[][];
    // each fine-tune beats θ₀ on its own task; every model's accuracies are real fractions of the test set
    for (let i = 0; i < 3; i++) expect(acc[1 + i][i]).toBeGreaterThan(acc[0][i] + 0.05);
    for (const row of acc) for (const a of row) expect(a >= 0 && a <= 1).toBe(true);
    const mean = (r: number[]) => r.reduce((a, b) => a + b, 0) / r.length;
    expect(m.acc_task_arithmetic).toBeCloseTo(mean(acc[4]), 12);
    expect(m.acc_ties).toBeCloseTo(mean(acc[5]), 12);
    expect(m.acc_concrete).toBeCloseTo(mean(acc[8]), 12);
    // the fine-tunes only touch the hidden layers: τ is zero on the classifier, so its mask logits never move from 0
    expect((m.mask_density_final as number[]).slice(4)).toEqual([0, 0]);
    expect((m.angles_before as number[]).length).toBe(3);
    expect((m.angles_after as number[]).length).toBe(3);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['accuracy', 'mask-density', 'angles', 'entropy']);
    for (const p of plots) expect(p.data.length).toBeGreaterThan(0);
  }, 300_000);

  it('with the per-layer rescaling on, the quick preset learns a sparser mask (the card’s “try”)', async () => {
    const quick = { ...getExperiment('model-merging')!.presets.quick, adaSteps: 0 };
    const plain = await runExperimentForTest('model-merging', quick);
    const rescaled = await runExperimentForTest('model-merging', { ...quick, rescaleMask: true });
    expect(rescaled.outcome.status, rescaled.outcome.message ?? '').toBe('done');
    expect(rescaled.outcome.final!.ones_mask_gap as number).toBeLessThan(1e-14);
    expect(rescaled.outcome.final!.concrete_grad_error as number).toBeLessThan(1e-6);
    expect(rescaled.outcome.final!.mask_kept as number).toBeLessThan((plain.outcome.final!.mask_kept as number) - 0.05);
  }, 300_000);
});
