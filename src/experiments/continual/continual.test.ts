// The continual page's checks on the float64 backend: updates stay orthogonal to the history, CoSO forgets less than fine-tuning.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';
import { averageDrop } from './run';

describe('continual experiment', () => {
  it('averageDrop is the mean drop from just-learned to final over all but the last task', () => {
    expect(averageDrop([[1, 0.8, 0.6], [0.5, 0.9, 0.9], [0.5, 0.5, 1]])).toBeCloseTo(0.2, 12);
  });

  it('quick preset: finishes, leaks nothing, ‖HᵀΔW‖ / ‖ΔW‖ ≤ 1e-8 for every later task and shared layer', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('continual', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect((m.orthogonality_ratio as number[]).length).toBe(4);
    expect(m.orthogonality_max as number).toBeLessThan(1e-8);
    expect((m.history_dims as number[][])[4][0]).toBeGreaterThan(0);
    expect(meta.plots(history, config as never).map((p) => p.id)).toEqual(['accuracy-coso', 'accuracy-finetune', 'forgetting', 'subspace-dims']);
  }, 120_000);

  it('default preset: CoSO forgets less than fine-tuning, and its updates stay orthogonal to the history', async () => {
    const { outcome, leaked } = await runExperimentForTest('continual', 'default');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    console.log(`continual default: forgetting CoSO ${m.forgetting_coso}, fine-tuning ${m.forgetting_finetune}; final accuracy ${m.final_accuracy_coso} vs ${m.final_accuracy_finetune}; max ‖HᵀΔW‖/‖ΔW‖ ${m.orthogonality_max}`);
    expect(m.orthogonality_max as number).toBeLessThan(1e-8);
    expect(m.forgetting_coso as number).toBeLessThan(m.forgetting_finetune as number);
    // every task was learned by both (its accuracy right after training)
    for (const key of ['acc_coso', 'acc_finetune']) (m[key] as number[][]).forEach((row, i) => expect(row[i], `${key} task ${i}`).toBeGreaterThan(0.9));
  }, 300_000);
});
