// Clustering metrics against values worked out by hand (and scikit-learn's documented examples).
import { describe, expect, it } from 'vitest';
import { accuracy, ari, contingency, hungarian, matchLabels, nmi } from './metrics';

describe('hungarian', () => {
  it('finds the optimum where the greedy choice fails', () => {
    // Greedy takes (0,0)=1 then must pay 100 somewhere; the optimum is (0,1)+(1,0)+(2,2) = 2+2+3 = 7.
    const cost = [1, 2, 100, 2, 100, 100, 100, 100, 3];
    expect(Array.from(hungarian(cost, 3, 3))).toEqual([1, 0, 2]);
  });

  it('solves a classic 4×4 instance (optimal total 13)', () => {
    const cost = [9, 2, 7, 8, 6, 4, 3, 7, 5, 8, 1, 8, 7, 6, 9, 4];
    const a = hungarian(cost, 4, 4);
    // rows → cols: 0→1 (2), 1→0 (6), 2→2 (1), 3→3 (4)
    expect(Array.from(a)).toEqual([1, 0, 2, 3]);
    expect(Array.from(a).reduce((s, j, i) => s + cost[i * 4 + j], 0)).toBe(13);
  });

  it('handles rectangular problems (rows < cols) and negative costs', () => {
    const cost = [-5, -1, -3, -2, -4, -6];
    expect(Array.from(hungarian(cost, 2, 3))).toEqual([0, 2]);
  });

  it('matches brute force on random 6×6 problems', () => {
    let state = 7;
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const perms = (k: number): number[][] => (k === 0 ? [[]] : perms(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)])));
    const all = perms(6);
    for (let trial = 0; trial < 20; trial++) {
      const cost = Array.from({ length: 36 }, () => Math.floor(next() * 20));
      const best = Math.min(...all.map((p) => p.reduce((s, j, i) => s + cost[i * 6 + j], 0)));
      const got = Array.from(hungarian(cost, 6, 6)).reduce((s, j, i) => s + cost[i * 6 + j], 0);
      expect(got).toBe(best);
    }
  });
});

describe('accuracy, NMI and ARI', () => {
  const truth = [0, 0, 1, 1];
  const pred = [0, 0, 1, 2];

  it('contingency table', () => {
    const c = contingency(pred, truth);
    expect([c.rows, c.cols]).toEqual([2, 3]);
    expect(Array.from(c.counts)).toEqual([2, 0, 0, 0, 1, 1]);
  });

  it('accuracy: Hungarian matching, invariant to renaming clusters', () => {
    expect(accuracy(pred, truth)).toBe(0.75);
    expect(accuracy([5, 5, 9, 9], truth)).toBe(1);
    expect(accuracy([1, 1, 0, 0, 2, 2], [0, 0, 1, 1, 2, 2])).toBe(1);
    // one point of class 2 put with class 0: 5 of 6
    expect(accuracy([7, 7, 3, 3, 7, 4], [0, 0, 1, 1, 2, 2])).toBeCloseTo(5 / 6, 12);
    // more classes than clusters: 3 samples can be right at most
    expect(accuracy([0, 0, 0, 1], [0, 1, 2, 3])).toBe(0.5);
  });

  it('matchLabels maps each cluster to its class', () => {
    expect(Array.from(matchLabels([2, 2, 0, 0, 1], [0, 0, 1, 1, 1]))).toEqual([0, 0, 1, 1, -1]);
  });

  it('NMI: MI = ln 2, H(U) = ln 2, H(V) = 1.5 ln 2 ⇒ 0.8 (sklearn gives 0.8)', () => {
    expect(nmi(pred, truth)).toBeCloseTo(0.8, 12);
    expect(nmi(truth, pred)).toBeCloseTo(0.8, 12);
    expect(nmi([3, 3, 1, 1], truth)).toBeCloseTo(1, 12);
    expect(nmi([0, 1, 0, 1], truth)).toBe(0);
    expect(nmi([0, 0, 0, 0], [1, 1, 1, 1])).toBe(1);
  });

  it('ARI: (1 − 1/3)/(3/2 − 1/3) = 4/7 (sklearn’s documented 0.57)', () => {
    expect(ari(pred, truth)).toBeCloseTo(4 / 7, 12);
    expect(ari(truth, pred)).toBeCloseTo(4 / 7, 12);
    expect(ari([1, 1, 0, 0], truth)).toBe(1);
    // all cells 1: index 0, expected (2·2)/6, max 2 ⇒ (0 − 2/3)/(2 − 2/3) = −1/2
    expect(ari([0, 1, 0, 1], truth)).toBeCloseTo(-0.5, 12);
    expect(ari([0, 1, 2, 3], [3, 2, 1, 0])).toBe(1);
  });
});
