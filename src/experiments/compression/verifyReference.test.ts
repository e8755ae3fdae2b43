// The reference's own checks fail on a wrong SVD or a k-means fit that is not a Lloyd fixed point.
import { describe, expect, it } from 'vitest';
import { requireLloydFixedPoint, svdDefect } from './verifyReference';

describe('verifyReference', () => {
  it('svdDefect: 0 for an exact SVD, large for a wrong singular value or order', () => {
    // A = diag(3, 1) as a 2×2, U = V = I
    const A = [3, 0, 0, 1], I = [1, 0, 0, 1];
    expect(svdDefect(A, 2, 2, I, [3, 1], I)).toBe(0);
    expect(svdDefect(A, 2, 2, I, [3, 1.001], I)).toBeCloseTo(0.001 / 3, 12);
    expect(svdDefect([1, 0, 0, 3], 2, 2, I, [1, 3], I)).toBe(Infinity);
    expect(svdDefect(A, 2, 2, [1, 0, 0, 2], [3, 0.5], I)).toBeCloseTo(3, 12);
  });

  it('requireLloydFixedPoint: accepts a converged 1-D fit, rejects a mislabeled point and an off-mean centroid', () => {
    const data = [0, 1, 10, 11];
    const fit = { K: 2, v: 1, labels: Int32Array.from([0, 0, 1, 1]), centroids: Float64Array.from([0.5, 10.5]) };
    expect(() => requireLloydFixedPoint(data, fit)).not.toThrow();
    expect(() => requireLloydFixedPoint(data, { ...fit, labels: Int32Array.from([0, 1, 1, 1]) })).toThrow(/nearer centroid 0/);
    expect(() => requireLloydFixedPoint(data, { ...fit, centroids: Float64Array.from([0.4, 10.5]) })).toThrow(/not the mean/);
  });
});
