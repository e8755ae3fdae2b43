// The 3-D scatter draws in a fixed box: principal coordinates scaled by one factor into [−1, 1]³, fixed axes, the frame's anchor last.
import { describe, expect, it } from 'vitest';
import { PCA_FRAME, pcaInFrame, subspaceClusteringPlots } from './plots';
import { sceneFrameAnchor, sceneFrameLayout } from '../framework/sceneFrame';
import type { SubspaceClusteringConfig } from './schema';

const PCA = [[4, -1, 0.5], [-2, 3, -0.25], [1, 0, 2], [-8, 2, 1]];

describe('pcaInFrame', () => {
  it('divides every coordinate by the largest |coordinate|, so the farthest lies on the box and ratios keep', () => {
    const scaled = pcaInFrame(PCA);
    expect(scaled).toEqual(PCA.map((p) => p.map((v) => v / 8)));
    expect(Math.max(...scaled.flat().map(Math.abs))).toBe(1);
  });

  it('leaves all-zero coordinates as they are', () => {
    expect(pcaInFrame([[0, 0, 0]])).toEqual([[0, 0, 0]]);
  });
});

describe('the scatter plot', () => {
  const config = { show: 'ssc' } as SubspaceClusteringConfig;
  const metrics = { pca: PCA, truth: [0, 0, 1, 1], methods_done: ['ssc'], labels_ssc: [0, 1, 1, 1] };
  const scatter = subspaceClusteringPlots([{ step: 1, metrics }] as never, config).find((p) => p.id === 'scatter')!;
  const traces = scatter.data as { x: number[]; y: number[]; z: number[]; uid?: string }[];

  it('draws every point, scaled, inside the frame, with the frame’s anchor as its last trace', () => {
    expect(traces.at(-1)).toEqual(sceneFrameAnchor(PCA_FRAME));
    const points = traces.slice(0, -1).flatMap((t) => t.x.map((x, i) => [x, t.y[i], t.z[i]]));
    // 3 points in their groups, the misclustered one as a cross
    expect(traces.map((t) => t.x.length)).toEqual([1, 2, 1, 2]);
    expect(points).toHaveLength(4);
    const scaled = pcaInFrame(PCA).map((p) => p.join());
    for (const p of points) {
      expect(scaled).toContain(p.join());
      for (const v of p) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }
  });

  it('has the frame’s fixed axes', () => {
    expect(scatter.layout?.scene).toEqual(sceneFrameLayout(PCA_FRAME));
  });
});
