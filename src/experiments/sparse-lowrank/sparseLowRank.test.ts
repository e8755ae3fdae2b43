// The sparse-lowrank page's checks on the float64 backend: SLTrain's exact count, a fixed support, rank above r.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { SparseLowRankParameterization } from '../../learn/sparseLowRank';
import { createOptimizer } from '../../learn/optimizers';
import { Trainer, uploadDataset } from '../../learn/trainer';
import { runExperimentForTest } from '../framework/runForTest';
import { entropyRank, equalBudgetRanks, matchRank, matrixParams, numericalRank } from './budget';
import { HeadDenseParameterization } from './variants';

describe('sparse-lowrank experiment (cpu, float64)', () => {
  it('quick preset: equal budgets, SLTrain count r(m+n)+⌊δmn⌋, fixed support, learned rank above r', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('sparse-lowrank', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    const n = (k: string) => m[k] as number;
    // 64 → 32 → 10: one factored hidden matrix W1 (m = 32, n = 64); the head (10×32 + 10) and b1 (32) stay dense
    const [rows, cols, r, delta] = [32, 64, 4, 0.03];
    const dense = rows * cols + 32 + 10 * 32 + 10;
    const common = 32 + 10 * 32 + 10;
    expect(n('params_dense')).toBe(dense);
    // SLTrain's trainable count, exactly as implemented: r(m+n) + ⌊δ·m·n⌋ = 4·96 + ⌊61.44⌋ = 445
    expect(n('params_sltrain') - common).toBe(r * (rows + cols) + Math.floor(delta * rows * cols));
    expect(n('params_sltrain') - common).toBe(445);
    expect(n('support_nnz_sltrain')).toBe(61);
    // low-rank and LOST ranks chosen to come closest to that budget
    expect(n('rank_lowrank')).toBe(5);
    expect(n('params_lowrank') - common).toBe(5 * 96);
    expect(n('rank_lost')).toBe(4);
    expect(n('params_lost') - common).toBe(4 * 96 + 32 * Math.ceil(delta * cols));
    // the support read back from the device is unchanged by training, and W − s·BA vanishes off it
    expect(n('support_changed_sltrain')).toBe(0);
    expect(n('offsupport_sltrain_l1')).toBe(0);
    expect(n('offsupport_lost_l1')).toBe(0);
    // the sparse part lifts the learned W above rank r; plain low-rank training cannot leave it
    console.log(`numerical ranks (tol 1e-9·σ₁): dense ${n('numrank_dense_l1')}, low-rank ${n('numrank_lowrank_l1')} (r=${n('rank_lowrank')}), SLTrain ${n('numrank_sltrain_l1')} (r=${r}), LOST ${n('numrank_lost_l1')} (r=${n('rank_lost')}); entropy ranks SLTrain ${n('erank_sltrain_l1').toFixed(2)}, low-rank ${n('erank_lowrank_l1').toFixed(2)}`);
    expect(n('numrank_sltrain_l1')).toBeGreaterThan(r);
    expect(n('erank_sltrain_l1')).toBeGreaterThan(r);
    expect(n('numrank_lost_l1')).toBeGreaterThan(n('rank_lost'));
    expect(n('numrank_lowrank_l1')).toBeLessThanOrEqual(n('rank_lowrank'));
    expect(n('optimizer_state_sltrain')).toBe(2 * n('params_sltrain'));
    for (const v of ['dense', 'lowrank', 'sltrain', 'lost']) expect(n(`final_loss_${v}`)).toBeLessThan(Math.log(10));
    expect(n('readbacks_per_step')).toBeLessThanOrEqual(0.1);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['loss-curves', 'test-accuracy', 'spectrum', 'sltrain-parts', 'lost-parts', 'budget']);
  }, 120_000);

  it('the support tensor on the device never changes while S trains (read before and after)', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const rng = new Rng(5);
    const mlp = new Mlp([6, 12, 12, 3]);
    const hidden = mlp.weightShapes.slice(0, 4);
    const inner = SparseLowRankParameterization.sltrain(be, hidden, rng, { rank: 2, density: 0.1 });
    const theta = mlp.initialWeights(rng);
    const param = new HeadDenseParameterization(be, inner, [4, 5].map((i) => be.keep(be.upload(theta[i], mlp.weightShapes[i]))));
    const read = () => Promise.all(inner.supports.map(async (s) => Array.from(await be.read(s.support))));
    const supportBefore = await read();
    const valuesBefore = await be.read(inner.params[2]);
    const X = rng.normals(40 * 6);
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 3);
    const data = uploadDataset(be, X, y, 6);
    const optimizer = createOptimizer(be, { kind: 'adam', lr: 0.05 });
    const trainer = new Trainer(be, mlp, param, optimizer, data, { batchSize: 10, seed: 1, reportEvery: 10 });
    for await (const report of trainer.run(30)) void report;
    const supportAfter = await read();
    const valuesAfter = await be.read(inner.params[2]);
    expect(supportAfter).toEqual(supportBefore);
    expect(supportBefore.map((s) => s.length)).toEqual([Math.floor(0.1 * 72), Math.floor(0.1 * 144)]);
    inner.supports.forEach((s, k) => expect(supportAfter[k]).toEqual(Array.from(s.indices)));
    // the values on it did train
    expect(Array.from(valuesAfter)).not.toEqual(Array.from(valuesBefore));
    expect(param.trainableCount()).toBe(matrixParams.sltrain([{ rows: 12, cols: 6 }, { rows: 12, cols: 12 }], 2, 0.1) + 12 + 12 + 3 * 12 + 3);
    trainer.dispose();
    optimizer.dispose();
    param.dispose();
    data.dispose();
    expect(be.liveTensors()).toBe(before);
  }, 120_000);

  it('budget arithmetic', () => {
    const shapes = [{ rows: 64, cols: 64 }, { rows: 64, cols: 64 }];
    // SLTrain r = 8, δ = 0.03: 2·(8·128 + 122) = 2292; low-rank 9·256 = 2304; LOST 8·256 + 2·64·2 = 2304
    expect(matrixParams.sltrain(shapes, 8, 0.03)).toBe(2292);
    expect(equalBudgetRanks(shapes, 8, 0.03, 0.03)).toEqual({ sltrainRank: 8, lowrankRank: 9, lostRank: 8, budget: 2292 });
    expect(matchRank(100, (r) => 30 * r, 10)).toBe(3);
    expect(() => equalBudgetRanks([{ rows: 10, cols: 64 }], 11, 0.03, 0.03)).toThrow(RangeError);
    expect(numericalRank([3, 2, 1e-12], 1e-9)).toBe(2);
    expect(entropyRank([1, 1, 1, 1])).toBeCloseTo(4, 12);
    expect(entropyRank([5, 0, 0])).toBe(1);
  }, 120_000);
});
