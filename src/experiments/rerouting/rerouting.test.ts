// The rerouting page's checks in float64: zero perturbation changes nothing, projectors are idempotent, exact input gradients, the quick run.
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../engine/backend';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { centralDifferences, relativeGradientError } from '../../learn/gradientCheck';
import { runExperimentForTest } from '../framework/runForTest';
import { availableExperimentIds } from '../registry';
import { EXPERIMENT_CATALOG } from '../catalog';
import { READING_LIST } from '../papers';
import { ATTACK_KINDS, attackStep, perturbationUpdate, type AttackKind } from './attacks';
import { Mlp } from '../../learn/mlp';
import { PROBE_ACCEPT } from './probe';
import { idempotenceError, rerouteSubspaces } from './subspaces';
import { attackTestProblem, type AttackTestProblem } from './attackTestProblem';

const toyProblem = (be: CpuBackend, B: number) => attackTestProblem(be, [5, 7, 6, 3], B, 2, 7);

/** The objective each attack descends, at x + δ (δ = 0): mean targeted cross-entropy of the model or of the probe, or Σ_i ½‖U_sᵀh_i − a_s‖² + ½‖U_tᵀh_i − a_t‖². */
function objective(be: CpuBackend, p: AttackTestProblem, kind: AttackKind, zero: Tensor): number {
  return be.tidy(() => {
    const s = attackStep(be, p.mlp, p.weights, p.x, zero, p.labels, p.sub, kind);
    const meanLoss = (rowStats: Tensor) => {
      const v = be.view(rowStats);
      let loss = 0;
      for (let i = 0; i < p.x.rows; i++) loss += v[2 * i] / p.x.rows;
      return loss;
    };
    if (kind === 'logit') return meanLoss(p.mlp.rowStats(be, p.weights, p.x, p.labels));
    if (kind === 'probe') return meanLoss(new Mlp([s.hidden.cols, 2]).rowStats(be, p.sub.probe, s.hidden, be.fill({ rows: p.x.rows, cols: 1 }, PROBE_ACCEPT)));
    const half = (U: Tensor, a: Tensor) => 0.5 * be.view(be.reduce('sumSquares', be.elementwise('add', be.matmul(s.hidden, U), a, 1, -1), 'all'))[0];
    return half(p.sub.source, p.sub.anchorSource) + half(p.sub.target, p.sub.anchorTarget);
  });
}

describe('rerouting pieces (float64)', () => {
  it('a zero perturbation changes nothing: same logits as the model, and a zero step keeps δ = 0 exactly', async () => {
    const be = new CpuBackend();
    const p = await toyProblem(be, 9);
    const zero = be.fill({ rows: 9, cols: 5 }, 0);
    be.tidy(() => {
      const s = attackStep(be, p.mlp, p.weights, p.x, zero, p.labels, p.sub, 'reroute');
      expect(Array.from(be.view(s.logits))).toEqual(Array.from(be.view(p.mlp.forward(be, p.weights, p.x).logits)));
      expect(Array.from(be.view(perturbationUpdate(be, p.x, zero, s.grad, s.hit, 0)))).toEqual(new Array(45).fill(0));
    });
    be.dispose(zero);
    p.dispose();
    expect(be.liveTensors()).toBe(0);
  });

  it('the class projectors are idempotent (P² = P), and the check fails for a basis that is not orthonormal', async () => {
    const be = new CpuBackend();
    const p = await toyProblem(be, 3);
    const err = (U: Tensor) => be.tidy(() => be.view(idempotenceError(be, U))[0]);
    expect(err(p.sub.source)).toBeLessThan(1e-13);
    expect(err(p.sub.target)).toBeLessThan(1e-13);
    const scaled = be.elementwise('scale', p.sub.source, null, 1.1, 0);
    expect(err(scaled)).toBeGreaterThan(0.1);
    be.dispose(scaled);
    p.dispose();
    expect(be.liveTensors()).toBe(0);
  });

  for (const kind of ATTACK_KINDS) {
    it(`${kind}: the input gradient equals central differences of its objective`, async () => {
      const be = new CpuBackend();
      const p = await toyProblem(be, 4);
      const zero = be.fill({ rows: 4, cols: 5 }, 0);
      const grad = be.tidy(() => Float64Array.from(be.view(attackStep(be, p.mlp, p.weights, p.x, zero, p.labels, p.sub, kind).grad)));
      const [fd] = centralDifferences(be, [p.x], () => objective(be, p, kind, zero));
      expect(relativeGradientError(grad, fd)).toBeLessThan(1e-7);
      expect(Math.max(...Array.from(fd, Math.abs))).toBeGreaterThan(1e-3);
      be.dispose(zero);
      p.dispose();
    });
  }

  it('a step moves each unfinished sample by exactly η (no clamping inside [0, 1]) and leaves finished ones alone', () => {
    const be = new CpuBackend();
    be.tidy(() => {
      const x = be.fill({ rows: 2, cols: 3 }, 0.5);
      const zero = be.fill({ rows: 2, cols: 3 }, 0);
      const grad = be.upload([3, 0, 4, 1, 2, 2], { rows: 2, cols: 3 });
      const hit = be.upload([0, 1], { rows: 2, cols: 1 });
      const d = be.view(perturbationUpdate(be, x, zero, grad, hit, 0.05));
      [-0.03, 0, -0.04, 0, 0, 0].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 12));
    });
    expect(be.liveTensors()).toBe(0);
  });

  it('bad input is a clear error: equal digits, or k wider than the hidden layer', async () => {
    const be = new CpuBackend();
    const hidden = be.fill({ rows: 10, cols: 4 }, 1);
    const labels = new Int32Array(10);
    await expect(rerouteSubspaces(be, hidden, labels, 3, 3, 2, 1)).rejects.toThrow(/must differ/);
    await expect(rerouteSubspaces(be, hidden, labels, 0, 1, 2, 1)).rejects.toThrow(/class 1 has 0 training samples/);
    be.dispose(hidden);
    expect(be.liveTensors()).toBe(0);
    const same = await runExperimentForTest('rerouting', { hidden: 8, trainSteps: 10, samples: 2, steps: 2, source: 4, target: 4 });
    expect(same.outcome.status).toBe('failed');
    expect(same.outcome.message).toMatch(/source and target digits must differ/);
    const wide = await runExperimentForTest('rerouting', { hidden: 8, trainSteps: 10, samples: 2, steps: 2, k: 12 });
    expect(wide.outcome.message).toMatch(/k = 12 exceeds the hidden width 8/);
  });
});

describe('rerouting experiment (float64)', () => {
  it('quick preset: all three attacks start from nothing and reach the target; rerouting moves hidden states towards the target subspace', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('rerouting', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const curve = (k: string) => m[k] as number[];
    console.log(JSON.stringify({ acc: m.clean_accuracy, probe: m.probe_accuracy, n: m.n_attacked, success_reroute: m.success_reroute, success_probe: m.success_probe, success_logit: m.success_logit, norm_reroute: m.norm_reroute, norm_probe: m.norm_probe, norm_logit: m.norm_logit }));
    expect(m.n_attacked).toBe(24);
    expect(m.clean_accuracy as number).toBeGreaterThan(0.9);
    expect(m.projection_idempotence as number).toBeLessThan(1e-12);
    expect(m.zero_perturbation_change).toBe(0);
    for (const kind of ATTACK_KINDS) {
      expect(curve(`steps_${kind}`)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
      // step 0 is the clean model: no digit answers the target and δ = 0
      expect(curve(`success_${kind}_curve`)[0]).toBe(0);
      expect(curve(`norm_${kind}_curve`)[0]).toBe(0);
      // successful digits are frozen, so success never drops; each step adds at most η to ‖δ‖
      curve(`success_${kind}_curve`).forEach((v, i, a) => expect(v).toBeGreaterThanOrEqual(a[Math.max(0, i - 1)]));
      curve(`norm_${kind}_curve`).forEach((v, i) => expect(v).toBeLessThanOrEqual(0.1 * 2 * i + 1e-12));
    }
    expect(m.probe_accuracy as number).toBeGreaterThan(0.95);
    expect(m.success_reroute as number).toBeGreaterThan(0.8);
    expect(m.success_probe as number).toBe(1);
    expect(m.success_logit as number).toBe(1);
    // what the card says: the plain logit attack is at least as successful as subspace rerouting at every step; probe
    // rerouting is ahead of it at some step; the logit attack needs the smallest perturbation, subspace rerouting the largest
    curve('success_logit_curve').forEach((v, i) => expect(v).toBeGreaterThanOrEqual(curve('success_reroute_curve')[i]));
    expect(curve('success_probe_curve').some((v, i) => v > curve('success_logit_curve')[i])).toBe(true);
    expect(m.norm_logit as number).toBeLessThan(m.norm_probe as number);
    expect(m.norm_probe as number).toBeLessThan(m.norm_reroute as number);
    // rerouting leaves the source subspace and enters the target one, towards where clean target digits sit
    const [s0, s1] = [curve('path_reroute_source')[0], curve('path_reroute_source').at(-1)!];
    const [t0, t1] = [curve('path_reroute_target')[0], curve('path_reroute_target').at(-1)!];
    expect(s1).toBeLessThan(s0 - 0.5);
    expect(t1).toBeGreaterThan(t0 + 0.5);
    expect(Math.abs(s0 - curve('source_class_point')[0])).toBeLessThan(0.5);
    expect(meta.plots(history, config as never).map((p) => p.id)).toEqual(['success', 'norm', 'path']);
  }, 60_000);
});

describe('rerouting page registration', () => {
  it('is live: registered, in the catalog under the reading-list paper, which points back as a page (not an idea)', () => {
    expect(availableExperimentIds()).toContain('rerouting');
    const entry = EXPERIMENT_CATALOG.find((c) => c.id === 'rerouting');
    expect(entry?.papers).toEqual(['Subspace rerouting']);
    const paper = READING_LIST.find((p) => p.short === 'Subspace rerouting');
    expect(paper?.scope).toBe('page');
    expect(paper?.pages).toEqual(['rerouting']);
    expect(paper?.note).toBeUndefined();
  });
});
