// plotly's warm-up draws: every figure once, one per idle moment and per draw turn, off screen and thrown away; a run stops them, a later idle spell resumes them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlotlyLike } from './loadPlotly';
import { CARTESIAN_TRACE_TYPES } from './loadPlotly';
import { plotlyWarmedUp, warmUpPlotly, warmupFigures, WARMUP_FIGURES, type WarmupHooks } from './plotlyWarmup';
import { REPO_ROOT } from '../../testing/wgslSources';
import { GL3D_TRACE_TYPES } from './prepared3dScene';

/** Just what the module touches of an element: attributes, dataset, style, being in the body. */
function fakeElement() {
  const node = {
    inBody: false,
    dataset: {} as Record<string, string>,
    style: { cssText: '' },
    setAttribute: () => undefined,
    remove: () => void (node.inBody = false),
    ownerDocument: { body: { appendChild: (n: { inBody: boolean }) => void (n.inBody = true) } },
  };
  return node;
}

/** A plotly that records its draws (the trace types) and purges; `fail(i)` makes draw i throw or reject. */
function stubPlotly(fail: (i: number) => 'throw' | 'reject' | null = () => null) {
  const calls = { react: [] as { node: ReturnType<typeof fakeElement>; types: unknown[]; inBody: boolean }[], purged: [] as unknown[] };
  const plotly = {
    react: (node: ReturnType<typeof fakeElement>, data: { type?: string }[]) => {
      const i = calls.react.length;
      calls.react.push({ node, types: data.map((t) => t.type), inBody: node.inBody });
      if (fail(i) === 'throw') throw new Error('bad figure');
      return fail(i) === 'reject' ? Promise.reject(new Error('bad figure')) : Promise.resolve(node);
    },
    purge: (node: unknown) => void calls.purged.push(node),
  } as unknown as PlotlyLike;
  return { plotly, calls };
}

/** Hooks whose idle moments the test hands out one at a time; counts the draw-queue turns. */
function manualHooks() {
  const idle: (() => void)[] = [];
  const made: ReturnType<typeof fakeElement>[] = [];
  let turns = 0;
  const hooks: WarmupHooks = {
    createElement: () => {
      const node = fakeElement();
      made.push(node);
      return node as unknown as HTMLDivElement;
    },
    whenIdle: (fn) => {
      idle.push(fn);
      return () => {
        const i = idle.indexOf(fn);
        if (i >= 0) idle.splice(i, 1);
      };
    },
    queue: (draw) => {
      turns += 1;
      return draw();
    },
  };
  /** Runs the next idle callback and lets its draw settle. */
  const idleMoment = async () => {
    expect(idle.length, 'an idle callback is waiting').toBe(1);
    idle.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { hooks, idle, made, idleMoment, turns: () => turns };
}

describe('warmUpPlotly', () => {
  it('draws each figure once, one per idle moment and draw turn, in a fresh off-screen element that is purged and removed', async () => {
    const { plotly, calls } = stubPlotly();
    const m = manualHooks();
    const done = warmUpPlotly(plotly, '2d', new AbortController().signal, m.hooks);
    for (let i = 0; i < WARMUP_FIGURES.length; i++) {
      expect(calls.react.length).toBe(i);
      await m.idleMoment();
      expect(calls.react.length).toBe(i + 1);
    }
    await done;
    expect(m.turns()).toBe(WARMUP_FIGURES.length);
    expect(calls.react.map((c) => c.types)).toEqual(WARMUP_FIGURES.map((f) => f.data.map((t) => t.type)));
    expect(calls.react.every((c) => c.inBody), 'each figure is drawn in the document, so it lays out as a plot does').toBe(true);
    expect(new Set(calls.react.map((c) => c.node)).size).toBe(WARMUP_FIGURES.length);
    expect(calls.purged).toEqual(calls.react.map((c) => c.node));
    expect(m.made.every((n) => !n.inBody && n.style.cssText.includes('left:-10000px') && n.dataset.plotlyWarmup === 'true')).toBe(true);
    expect(plotlyWarmedUp(plotly, '2d')).toBe(true);
    // warmed up: a later call draws nothing and asks for no idle time
    await warmUpPlotly(plotly, '2d', new AbortController().signal, m.hooks);
    expect(calls.react.length).toBe(WARMUP_FIGURES.length);
    expect(m.idle).toEqual([]);
  });

  it('stops when a run starts (the signal aborts) and resumes at the next figure in a later idle spell', async () => {
    const { plotly, calls } = stubPlotly();
    const m = manualHooks();
    const first = new AbortController();
    const stopped = warmUpPlotly(plotly, '2d', first.signal, m.hooks);
    await m.idleMoment();
    expect(calls.react.length).toBe(1);
    first.abort();
    await stopped;
    expect(m.idle, 'the waiting idle callback is cancelled').toEqual([]);
    expect(plotlyWarmedUp(plotly, '2d')).toBe(false);
    const again = warmUpPlotly(plotly, '2d', new AbortController().signal, m.hooks);
    while (m.idle.length > 0) await m.idleMoment();
    await again;
    expect(calls.react.map((c) => c.types)).toEqual(WARMUP_FIGURES.map((f) => f.data.map((t) => t.type)));
  });

  it('skips a figure plotly fails to draw, throwing or rejecting, and still removes its element', async () => {
    const { plotly, calls } = stubPlotly((i) => (i === 0 ? 'throw' : i === 1 ? 'reject' : null));
    const m = manualHooks();
    const done = warmUpPlotly(plotly, '2d', new AbortController().signal, m.hooks);
    while (m.idle.length > 0) await m.idleMoment();
    await done;
    expect(calls.react.length).toBe(WARMUP_FIGURES.length);
    expect(m.made.every((n) => !n.inBody)).toBe(true);
    expect(plotlyWarmedUp(plotly, '2d')).toBe(true);
  });

  it('starts small, so no single draw compiles most of plotly: a frame without axes, then axes, one line, two traces, then the full figures', () => {
    const [frame, axes, line, two, ...rest] = WARMUP_FIGURES;
    expect(frame.data).toEqual([]);
    expect(frame.layout).toMatchObject({ showlegend: false, xaxis: { visible: false }, yaxis: { visible: false } });
    expect(axes.data).toEqual([]);
    expect(axes.layout.xaxis).toBeUndefined();
    expect(line.data).toHaveLength(1);
    expect(line.layout.showlegend).toBe(false);
    expect(two.data).toHaveLength(2);
    expect(two.layout.showlegend).toBeUndefined();
    expect(rest.every((f) => f.data.length >= 1)).toBe(true);
  });

  it('draws the log-axis and heatmap figures in two steps each: their first traces, then the whole figure', () => {
    const rest = WARMUP_FIGURES.slice(4);
    const whole = rest.filter((f) => f.data.some((t) => t.type === 'contour') || f.layout.shapes);
    expect(whole).toHaveLength(2);
    for (const f of whole) {
      const before = rest[rest.indexOf(f) - 1];
      expect(before.data.length).toBeLessThan(f.data.length);
      expect(f.data.slice(0, before.data.length)).toEqual(before.data);
      expect(f.layout).toMatchObject(before.layout);
    }
  });

  it("the full bundle's instance also draws a table, which only it can draw", async () => {
    const { plotly, calls } = stubPlotly();
    const m = manualHooks();
    const done = warmUpPlotly(plotly, '3d', new AbortController().signal, m.hooks);
    while (m.idle.length > 0) await m.idleMoment();
    await done;
    expect(calls.react.map((c) => c.types)).toEqual(warmupFigures('3d').map((f) => f.data.map((t) => t.type)));
    expect(calls.react.at(-1)!.types).toEqual(['table']);
    expect(plotlyWarmedUp(plotly, '3d')).toBe(true);
    expect(warmupFigures('2d').flatMap((f) => f.data.map((t) => t.type))).not.toContain('table');
  });

  it('covers every 2-D trace type the experiments draw, and every other one but the 3-D scenes', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(join(REPO_ROOT, 'src/experiments'));
    const used = new Set<string>();
    const traceTypes = new Set([...CARTESIAN_TRACE_TYPES, 'table', ...GL3D_TRACE_TYPES]);
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\btype: '([a-z0-9]+)'/g)) if (traceTypes.has(m[1])) used.add(m[1]);
    expect(used.size, 'the scan finds trace types').toBeGreaterThan(2);
    const warm2d = new Set(warmupFigures('2d').flatMap((f) => f.data.map((t) => t.type as string)));
    expect([...used].filter((t) => CARTESIAN_TRACE_TYPES.has(t) && !warm2d.has(t))).toEqual([]);
    // the full bundle warms the rest, except the 3-D types: the prepared 3-D scene draws those (prepared3dScene.ts)
    const warm3d = new Set(warmupFigures('3d').flatMap((f) => f.data.map((t) => t.type as string)));
    expect([...used].filter((t) => !GL3D_TRACE_TYPES.has(t) && !warm3d.has(t))).toEqual([]);
  });
});
