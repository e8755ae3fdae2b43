// A 3-D plot's fixed box: round ticks inside the range, fixed axes, and an anchor that makes the data's extent the box.
import { describe, expect, it } from 'vitest';
import { alongFrame, frameTicks, SCENE_FRAME_ANCHOR_UID, sceneFrameAnchor, sceneFrameLayout, type SceneFrame } from './sceneFrame';

const FRAME: SceneFrame = { x: { title: 'α', range: [-0.5, 0.5] }, y: { title: 'β', range: [-0.5, 0.5] }, z: { title: 'loss', range: [0, 10] } };

describe('frameTicks', () => {
  it('gives three to six round, evenly spaced values inside the range', () => {
    expect(frameTicks(-1, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(frameTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(frameTicks(-0.05, 0.05)).toEqual([-0.04, -0.02, 0, 0.02, 0.04]);
    expect(frameTicks(-5, 5)).toEqual([-4, -2, 0, 2, 4]);
    expect(frameTicks(0.1, 0.35)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    for (const [lo, hi] of [[-1, 1], [0, 10], [-0.05, 0.05], [-3.7, 2.2], [0.1, 0.35], [1e-4, 7e-4], [-250, 1000]]) {
      const ticks = frameTicks(lo, hi);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks[0]).toBeGreaterThanOrEqual(lo);
      expect(ticks.at(-1)!).toBeLessThanOrEqual(hi);
      const step = ticks[1] - ticks[0];
      for (let k = 1; k < ticks.length; k++) expect(ticks[k] - ticks[k - 1]).toBeCloseTo(step, 12);
    }
  });

  it('gives the one value of an empty range', () => {
    expect(frameTicks(2, 2)).toEqual([2]);
  });
});

describe('sceneFrameLayout', () => {
  it('fixes each axis’s range and ticks and keeps its title, in a cube', () => {
    const scene = sceneFrameLayout(FRAME) as Record<string, Record<string, unknown>>;
    expect(scene.aspectmode).toBe('cube');
    expect(scene.xaxis).toEqual({ title: { text: 'α' }, range: [-0.5, 0.5], autorange: false, tickmode: 'array', tickvals: [-0.4, -0.2, 0, 0.2, 0.4] });
    expect(scene.zaxis).toMatchObject({ title: { text: 'loss' }, range: [0, 10], autorange: false, tickvals: [0, 2, 4, 6, 8, 10] });
    // the same frame gives the same layout, a new object each time (plotly may write into it)
    expect(sceneFrameLayout(FRAME)).toEqual(scene);
    expect(sceneFrameLayout(FRAME).xaxis).not.toBe(scene.xaxis);
  });
});

describe('sceneFrameAnchor', () => {
  it('spans exactly the frame, draws too small to see and stays out of hover and legend', () => {
    const anchor = sceneFrameAnchor(FRAME) as { uid: string; x: number[]; y: number[]; z: number[]; marker: { size: number }; hoverinfo: string; showlegend: boolean };
    expect([anchor.x, anchor.y, anchor.z]).toEqual([[-0.5, 0.5], [-0.5, 0.5], [0, 10]]);
    expect(anchor.marker.size).toBeGreaterThan(0);
    expect(anchor.marker.size).toBeLessThan(0.01);
    expect([anchor.hoverinfo, anchor.showlegend]).toEqual(['skip', false]);
    // its own uid: the prepared scene's anchor object is the one every plot in the frame updates
    expect(anchor.uid).toBe(SCENE_FRAME_ANCHOR_UID);
  });
});

describe('alongFrame', () => {
  it('maps 0 and 1 to the axis’s ends', () => {
    expect([0, 0.25, 1].map((t) => alongFrame(FRAME.z, t))).toEqual([0, 2.5, 10]);
  });
});
