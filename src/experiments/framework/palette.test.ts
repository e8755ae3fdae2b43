// The cluster palette: eight distinct Okabe–Ito colors, cycling, outliers grey.
import { describe, expect, it } from 'vitest';
import { CLUSTER_COLORS, clusterColor, labelColors } from './palette';

describe('cluster palette', () => {
  it('has eight distinct colors and cycles', () => {
    expect(new Set(CLUSTER_COLORS).size).toBe(8);
    expect(clusterColor(0)).toBe('#E69F00');
    expect(clusterColor(8)).toBe(clusterColor(0));
    expect(clusterColor(-1)).toBe(clusterColor(7));
    expect(labelColors([0, 1, -1])).toEqual(['#E69F00', '#56B4E9', '#999999']);
  });
});
