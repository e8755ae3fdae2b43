// The 3-D scene made while the page is idle: made once, taken once by the instance that made it, kept across runs, thrown away when its page closes.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlotlyLike } from './loadPlotly';
import { sceneFrameAnchor, sceneFrameLayout, type SceneFrame } from '../../experiments/framework/sceneFrame';
import { drawsIn3dScene, kept3dScenes, offscreenSceneStyle, prepare3dScene, recycle3dScene, takePrepared3dScene, want3dScenes, withSceneUids } from './prepared3dScene';

/** Just what the module touches of an element: attributes, style, being in the body, querySelectorAll for canvases. */
function fakeElement() {
  const attrs = new Map<string, string>();
  const node = {
    inBody: false,
    style: { cssText: '' },
    setAttribute: (k: string, v: string) => void attrs.set(k, v),
    removeAttribute: (k: string) => void attrs.delete(k),
    getAttribute: (k: string) => attrs.get(k) ?? null,
    querySelectorAll: () => [],
    remove: () => void (node.inBody = false),
    ownerDocument: { body: { appendChild: (n: { inBody: boolean }) => void (n.inBody = true) } },
  };
  return node;
}
type FakeElement = ReturnType<typeof fakeElement>;

/** A plotly whose react resolves (or rejects) and which counts its calls. */
function stubPlotly(fails = false) {
  type Trace = { type?: string; uid?: string; x?: number[]; y?: number[]; z?: number[] };
  const calls = { react: [] as { node: unknown; types: unknown[]; uids: unknown[]; data: Trace[]; layout: Record<string, unknown> }[], purge: [] as unknown[] };
  const plotly = {
    react: (node: HTMLElement, data: Trace[], layout: Record<string, unknown>) => {
      calls.react.push({ node, types: data.map((t) => t.type), uids: data.map((t) => t.uid), data, layout });
      return fails ? Promise.reject(new Error('no WebGL')) : Promise.resolve(node);
    },
    purge: (node: HTMLElement) => void calls.purge.push(node),
  } as unknown as PlotlyLike;
  return { plotly, calls };
}

const made: FakeElement[] = [];
const hooks = {
  createElement: () => {
    const node = fakeElement();
    made.push(node);
    return node as unknown as HTMLDivElement;
  },
  nextFrame: () => Promise.resolve(),
  plotAreaWidth: () => 747,
};

afterEach(() => {
  want3dScenes(false);
  made.length = 0;
});

describe('offscreenSceneStyle', () => {
  it('sizes the scene like the plot that will take it, or 560 × 340 px where the page has no place for plots', () => {
    expect(offscreenSceneStyle(747.4)).toBe('position:fixed;left:-10000px;top:0;width:747px;height:340px;');
    expect(offscreenSceneStyle(null)).toBe('position:fixed;left:-10000px;top:0;width:560px;height:340px;');
  });
});

describe('prepare3dScene / takePrepared3dScene', () => {
  it('draws one off-screen scene with every 3-D trace type the pages use, however often it is asked, and hands it out once', async () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    await Promise.all([prepare3dScene(plotly, null, hooks), prepare3dScene(plotly, null, hooks)]);
    await prepare3dScene(plotly, null, hooks);
    expect(calls.react.length).toBe(1);
    expect(calls.react[0].types).toEqual(['scatter3d', 'scatter3d', 'scatter3d', 'scatter3d', 'mesh3d']);
    expect(made.length).toBe(1);
    expect(made[0].inBody).toBe(true);
    expect(made[0].getAttribute('aria-hidden')).toBe('true');
    expect(made[0].style.cssText).toContain('left:-10000px');
    expect(made[0].style.cssText, 'made at the width of the plots the page will draw').toContain('width:747px;height:340px');
    expect(kept3dScenes()).toBe(1);
    const node = takePrepared3dScene(plotly) as unknown as FakeElement;
    expect(node).toBe(made[0]);
    // back in the page's flow, out of the body, for the plot to append where it goes
    expect([node.inBody, node.getAttribute('aria-hidden'), node.style.cssText]).toEqual([false, null, '']);
    expect(takePrepared3dScene(plotly)).toBeNull();
    expect(calls.purge.length).toBe(0);
  });

  it('is not taken by another plotly instance (the other bundle)', async () => {
    const { plotly } = stubPlotly();
    want3dScenes(true);
    await prepare3dScene(plotly, null, hooks);
    expect(takePrepared3dScene(stubPlotly().plotly)).toBeNull();
    expect(takePrepared3dScene(plotly)).not.toBeNull();
  });

  it('makes nothing while no page with 3-D plots is open', async () => {
    const { plotly, calls } = stubPlotly();
    await prepare3dScene(plotly, null, hooks);
    expect([calls.react.length, kept3dScenes()]).toEqual([0, 0]);
  });

  it('purges a scene that failed to draw, and one whose page closed while it was drawn', async () => {
    const failing = stubPlotly(true);
    want3dScenes(true);
    await prepare3dScene(failing.plotly, null, hooks);
    expect([failing.calls.purge.length, kept3dScenes(), made[0].inBody]).toEqual([1, 0, false]);
    const ok = stubPlotly();
    const making = prepare3dScene(ok.plotly, null, hooks);
    want3dScenes(false);
    await making;
    expect([ok.calls.purge.length, kept3dScenes(), made[1].inBody]).toEqual([1, 0, false]);
  });
});

describe('prepare3dScene in a page’s frame', () => {
  const frame: SceneFrame = { x: { title: 'α', range: [-0.5, 0.5] }, y: { title: 'β', range: [-0.5, 0.5] }, z: { title: 'loss', range: [0, 10] } };
  const other: SceneFrame = { ...frame, x: { title: 'α', range: [-2, 2] }, y: { title: 'β', range: [-2, 2] } };

  it('draws in the frame: its fixed axes, every warm point inside it, its anchor last, so a plot in the frame has the same ticks', async () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    await prepare3dScene(plotly, frame, hooks);
    const [{ data, layout, uids }] = calls.react;
    expect(layout.scene).toEqual(sceneFrameLayout(frame));
    expect(layout.height).toBe(340);
    expect(uids).toEqual(['scatter3d-0', 'scatter3d-1', 'scatter3d-2', 'scatter3d-3', 'mesh3d-0', 'scene-frame']);
    expect(data.at(-1)).toEqual(sceneFrameAnchor(frame));
    for (const trace of data) {
      for (const [values, axis] of [[trace.x!, frame.x], [trace.y!, frame.y], [trace.z!, frame.z]] as const) {
        for (const v of values) expect(v >= axis.range[0] && v <= axis.range[1], `${trace.uid}: ${v} in ${axis.range}`).toBe(true);
      }
    }
    // the frame's ends are drawn by the warm points too, not only by the anchor
    expect(Math.min(...data[0].z!)).toBe(0);
    expect(Math.max(...data[0].z!)).toBe(10);
  });

  it('draws the kept scene again, on the same element, when the page’s frame changes; not when it is the same', async () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    await prepare3dScene(plotly, frame, hooks);
    await prepare3dScene(plotly, structuredClone(frame), hooks);
    expect(calls.react.length).toBe(1);
    await prepare3dScene(plotly, other, hooks);
    expect(calls.react.length).toBe(2);
    expect(calls.react[1].node).toBe(calls.react[0].node);
    expect(calls.react[1].layout.scene).toEqual(sceneFrameLayout(other));
    expect([made.length, kept3dScenes(), calls.purge.length]).toEqual([1, 1, 0]);
    expect(takePrepared3dScene(plotly)).toBe(calls.react[0].node);
  });

  it('draws a scene a plot gave back in the frame before keeping it ready for one (its frame is not known)', async () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    const node = hooks.createElement();
    recycle3dScene(node, plotly);
    await prepare3dScene(plotly, frame, hooks);
    expect(calls.react.map((c) => c.node)).toEqual([node]);
    await prepare3dScene(plotly, frame, hooks);
    expect(calls.react.length).toBe(1);
  });

  it('throws away a scene kept for another plotly instance and makes its own', async () => {
    const first = stubPlotly();
    const second = stubPlotly();
    want3dScenes(true);
    await prepare3dScene(first.plotly, frame, hooks);
    await prepare3dScene(second.plotly, frame, hooks);
    expect([first.calls.purge.length, made.length, made[0].inBody, made[1].inBody]).toEqual([1, 2, false, true]);
    expect(takePrepared3dScene(second.plotly)).toBe(made[1]);
  });
});

describe('recycle3dScene / want3dScenes', () => {
  it('keeps one scene a plot gives back while its page is open, for the next run', async () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    const first = hooks.createElement();
    const second = hooks.createElement();
    expect(recycle3dScene(first, plotly)).toBe(true);
    expect(made[0].getAttribute('aria-hidden')).toBe('true');
    // one is enough: a second goes to the caller to purge, and a preparation now makes nothing
    expect(recycle3dScene(second, plotly)).toBe(false);
    await prepare3dScene(plotly, null, hooks);
    expect(calls.react.length).toBe(0);
    expect(takePrepared3dScene(plotly)).toBe(first);
  });

  it('purges the kept scene when the page closes, and keeps none given back after', () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    const node = hooks.createElement();
    recycle3dScene(node, plotly);
    want3dScenes(false);
    expect([calls.purge, made[0].inBody, kept3dScenes()]).toEqual([[node], false, 0]);
    expect(recycle3dScene(hooks.createElement(), plotly)).toBe(false);
  });
});

describe('drawsIn3dScene', () => {
  it('is true for plots with a WebGL 3-D trace and false for 2-D ones and tables', () => {
    expect(drawsIn3dScene({ data: [{ type: 'scatter3d' }] })).toBe(true);
    expect(drawsIn3dScene({ data: [{ type: 'mesh3d' }, { type: 'scatter' }] })).toBe(true);
    expect(drawsIn3dScene({ data: [{ type: 'table' }] })).toBe(false);
    expect(drawsIn3dScene({ data: [{ x: [1], y: [1] }] })).toBe(false);
  });
});

describe('withSceneUids', () => {
  it('names each trace by its type and its place among that type, keeps a uid the trace has, and copies rather than changes', () => {
    const data = [{ type: 'scatter3d', x: [1] }, { type: 'mesh3d' }, { type: 'scatter3d', uid: 'mine' }, { type: 'scatter3d' }, {}];
    const named = withSceneUids(data);
    expect(named.map((t) => t.uid)).toEqual(['scatter3d-0', 'mesh3d-0', 'mine', 'scatter3d-2', 'scatter-0']);
    expect(data.map((t) => (t as { uid?: string }).uid)).toEqual([undefined, undefined, 'mine', undefined, undefined]);
    expect(named[0].x).toBe(data[0].x);
  });

  it('gives the prepared scene the uids a plot’s traces get, so a plot’s first draw updates the scene’s objects', async () => {
    const { plotly, calls } = stubPlotly();
    want3dScenes(true);
    await prepare3dScene(plotly, null, hooks);
    expect(calls.react[0].uids).toEqual(['scatter3d-0', 'scatter3d-1', 'scatter3d-2', 'scatter3d-3', 'mesh3d-0']);
    // the loss-landscape surface (one mesh3d) and the clustering scatter (scatter3d traces) take those names
    expect(withSceneUids([{ type: 'mesh3d' }])[0].uid).toBe('mesh3d-0');
    expect(withSceneUids([{ type: 'scatter3d' }, { type: 'scatter3d' }]).map((t) => t.uid)).toEqual(['scatter3d-0', 'scatter3d-1']);
  });
});
