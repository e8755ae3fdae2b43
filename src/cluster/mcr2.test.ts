// Coding rates in closed form (Z = I₈, four classes of two, ε² = ½ ⇒ R = 4 ln 3, R_c = ln 9) and Sinkhorn's balance.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { codingRate, classCodingRates, membershipFromLabels, rateReduction, sinkhorn, sinkhornMembership } from './mcr2';
import { identity } from './tensorOps';

const be = new CpuBackend();

describe('coding rates', { timeout: 30_000 }, () => {
  it('Z = I₈ (8 samples in R⁸), 4 equal classes of 2, ε² = 0.5: R = 4 ln 3, R_c = ln 9, ΔR = 2 ln 3', async () => {
    // R = ½ logdet(I + 8/(8·½)·I₈) = ½·8·ln 3. Class j: tr Π_j = 2, ZΠ_jZᵀ = diag of two ones, so its term is
    // (2/16)·logdet(I + 8/(2·½)·ZΠ_jZᵀ) = ⅛·2·ln 9, and the four classes sum to ln 9.
    const live = be.liveTensors();
    const z = identity(be, 8);
    const membership = membershipFromLabels(be, [0, 0, 1, 1, 2, 2, 3, 3], 4);
    expect(await codingRate(be, z, 0.5)).toBeCloseTo(4 * Math.log(3), 12);
    const rates = await rateReduction(be, z, membership, 0.5);
    expect(rates.R).toBeCloseTo(4 * Math.log(3), 12);
    expect(rates.Rc).toBeCloseTo(Math.log(9), 12);
    expect(rates.deltaR).toBeCloseTo(2 * Math.log(3), 12);
    expect(Array.from(rates.perClass)).toEqual(Array.from({ length: 4 }, () => expect.closeTo(Math.log(9) / 4, 12)));
    be.dispose(z);
    be.dispose(membership);
    expect(be.liveTensors()).toBe(live);
  });

  it('soft memberships: an empty class adds nothing; one class holding everything gives R_c = R', async () => {
    const rng = new Rng(9400);
    const z = be.upload(rng.normals(20 * 5), { rows: 20, cols: 5 });
    const all = be.upload(new Float64Array(20 * 2).map((_, i) => (i % 2 === 0 ? 1 : 0)), { rows: 20, cols: 2 });
    const c = await classCodingRates(be, z, all, 0.3);
    expect(c.perClass[1]).toBe(0);
    expect(c.total).toBeCloseTo(await codingRate(be, z, 0.3), 10);
    // halving every membership weight of a class leaves its term's normalization consistent: (t/2n)·logdet(I + d/(tε²)·ZΠZᵀ)
    const half = be.upload(new Float64Array(20).fill(0.5), { rows: 20, cols: 1 });
    const h = await classCodingRates(be, z, half, 0.3);
    expect(h.total).toBeCloseTo(c.total / 2, 10);
    for (const t of [z, all, half]) be.dispose(t);
  });
});

describe('Sinkhorn', { timeout: 30_000 }, () => {
  it('rows and columns of the balanced matrix sum to the same constant', async () => {
    const rng = new Rng(9500);
    const k = be.upload(Float64Array.from({ length: 49 }, () => 0.1 + rng.uniform()), { rows: 7, cols: 7 });
    const { plan, rowError } = await sinkhorn(be, k, { iterations: 200, total: 3 });
    const p = be.view(plan);
    for (let i = 0; i < 7; i++) {
      let row = 0, col = 0;
      for (let j = 0; j < 7; j++) (row += p[i * 7 + j]), (col += p[j * 7 + i]);
      expect(row).toBeCloseTo(3, 9);
      expect(col).toBeCloseTo(3, 9);
    }
    expect(rowError).toBeLessThan(1e-9);
    be.dispose(k);
    be.dispose(plan);
  });

  it('the MLC membership of samples is doubly stochastic with a zero diagonal', async () => {
    const x = be.upload(new Rng(9501).normals(12 * 4), { rows: 12, cols: 4 });
    const { plan } = await sinkhornMembership(be, x, { temperature: 0.5, iterations: 300 });
    const p = be.view(plan);
    for (let i = 0; i < 12; i++) {
      expect(p[i * 12 + i]).toBe(0);
      expect(p.slice(i * 12, i * 12 + 12).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 8);
    }
    be.dispose(x);
    be.dispose(plan);
  });
});
