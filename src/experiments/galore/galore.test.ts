// The galore page's checks on the float64 backend: the quick race, full rank ⇒ Adam, Fira = GaLore at full rank, no leaks.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';
import { Mlp } from '../../learn/mlp';
import { projectionSide } from '../../learn/galore/projectedAdam';

const NAMES = ['adam', 'galore', 'dct', 'fira', 'qgalore'];

describe('galore experiment', () => {
  it('quick preset: every optimizer trains, DCT takes no SVD, low-rank state is smaller than Adam’s', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('galore', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    for (const n of NAMES) {
      expect(Number.isFinite(m[`final_loss_${n}`]), n).toBe(true);
      expect(m[`final_loss_${n}`] as number, n).toBeLessThan(Math.log(10));
      for (const e of m[`energy_${n}`] as number[]) {
        expect(e, n).toBeGreaterThan(0);
        expect(e, n).toBeLessThanOrEqual(n === 'qgalore' ? 1.05 : 1 + 1e-12);
      }
    }
    expect(m.svd_count_dct).toBe(0);
    expect(m.svd_count_galore as number).toBeGreaterThan(0);
    expect(m.svd_count_qgalore as number).toBeLessThanOrEqual(m.svd_count_galore as number);
    const mem = (n: string) => m[`memory_bytes_${n}`] as number;
    expect(mem('galore')).toBeLessThan(mem('adam'));
    // DCT keeps the same n×r projectors as GaLore plus each projected layer's n×n DCT basis (n = the projected side)
    const dctBases = new Mlp((m.sizes as string).split('-').map(Number)).weightShapes
      .filter((s) => s.role === 'matrix' && projectionSide(s.rows, s.cols, config.rank as number) !== 'identity')
      .reduce((b, s) => b + 4 * (projectionSide(s.rows, s.cols, config.rank as number) === 'right' ? s.cols : s.rows) ** 2, 0);
    expect(dctBases).toBeGreaterThan(0);
    expect(mem('dct')).toBe(mem('galore') + dctBases);
    expect(mem('qgalore')).toBeLessThan(mem('galore'));
    expect(mem('fira')).toBe(mem('galore') + 4 * (m.projected_layers as number));
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['loss', 'energy', 'memory', 'weights', 'svds', 'welore-spectra', 'welore-split', 'welore-finetune']);
    // Q-GaLore keeps int8 codes (4 per 32-bit word) and a float32 scale per row for every matrix, float32 biases
    const shapes = new Mlp((m.sizes as string).split('-').map(Number)).weightShapes;
    const int8Bytes = shapes.reduce((b, s) => b + (s.role === 'matrix' ? 4 * Math.ceil((s.rows * s.cols) / 4) + 4 * s.rows : 4 * s.cols), 0);
    expect(m.weight_bytes_qgalore).toBe(int8Bytes);
    expect(m.weight_bytes_galore).toBe(4 * (m.D as number));
    expect(m.weight_bytes_qgalore as number).toBeLessThan(0.3 * (m.weight_bytes_galore as number));
  }, 120_000);

  it('Q-GaLore’s int8 weights: per-tensor scales count one scale per matrix; float32 weights turn the store off', async () => {
    const base = { hidden: 16, depth: 1, rank: 4, optimizers: ['galore', 'qgalore'], steps: 20, reportEvery: 10, trainPerClass: 20, gap: 10, lr: 0.01 };
    const perTensor = (await runExperimentForTest('galore', { ...base, weightGroups: 'tensor' })).outcome.final!;
    const float = await runExperimentForTest('galore', { ...base, qgaloreWeights: 'float32' });
    expect(float.leaked).toBe(0);
    const f = float.outcome.final!;
    // 16×64 and 10×16 matrices: ⌈1024/4⌉ + ⌈160/4⌉ words, one scale each, 16 + 10 float32 biases
    expect(perTensor.weight_bytes_qgalore).toBe(4 * (256 + 40) + 4 * 2 + 4 * 26);
    expect(f.weight_bytes_qgalore).toBe(4 * (f.D as number));
    // the int8 rounding changes the trajectory, yet it still trains
    expect(perTensor.final_loss_qgalore).not.toBe(f.final_loss_qgalore);
    expect(perTensor.final_loss_qgalore as number).toBeLessThan(Math.log(10));
  }, 120_000);

  it('rank = full: GaLore (α = 1) reproduces Adam’s loss trajectory and Fira reproduces GaLore exactly', async () => {
    const { outcome, leaked } = await runExperimentForTest('galore', {
      hidden: 16, depth: 2, rank: 64, scale: 1, optimizers: ['adam', 'galore', 'fira'], steps: 40, reportEvery: 10, batchSize: 32, trainPerClass: 20, lr: 0.01,
    });
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.projected_layers).toBe(0);
    expect(m.svd_count_galore).toBe(0);
    expect(Math.abs((m.final_loss_galore as number) - (m.final_loss_adam as number))).toBeLessThan(1e-10);
    (m.loss_adam as number[]).forEach((l, i) => expect(Math.abs((m.loss_galore as number[])[i] - l), `report ${i}`).toBeLessThan(1e-10));
    expect(m.loss_fira).toEqual(m.loss_galore);
    expect(m.final_loss_fira).toBe(m.final_loss_galore);
    expect(m.final_loss_adam as number).toBeLessThan(1);
  }, 120_000);

  it('below full rank the projection matters: GaLore leaves Adam’s trajectory and Fira leaves GaLore’s', async () => {
    const { outcome } = await runExperimentForTest('galore', {
      hidden: 16, depth: 1, rank: 2, optimizers: ['adam', 'galore', 'fira'], steps: 30, reportEvery: 10, trainPerClass: 20, gap: 10, lr: 0.01,
    });
    const m = outcome.final!;
    expect(m.projected_layers).toBe(2);
    expect(Math.abs((m.final_loss_galore as number) - (m.final_loss_adam as number))).toBeGreaterThan(1e-3);
    expect(Math.abs((m.final_loss_fira as number) - (m.final_loss_galore as number))).toBeGreaterThan(1e-4);
    expect(m.svd_count_galore).toBe(6);
  }, 120_000);
});
