// Which plotly bundle draws a plot, and that every page declaring 3-D plots (ExperimentMeta.plots3d) is exactly one whose plots need the full bundle.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../../experiments/registry';
import { bundleFor } from './loadPlotly';

/** Trace types outside plotly's cartesian bundle that a plot spec could name (3-D, tables, WebGL 2-D, polar, …). */
const FULL_BUNDLE_TRACES = ['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'isosurface', 'volume', 'table', 'scattergl', 'splom', 'parcoords', 'sankey', 'scatterpolar', 'barpolar', 'sunburst', 'treemap', 'icicle'];

/**
 * The trace types a folder's non-test sources name as `type: '…'`, and scatter3d where they draw a 3-D frame's
 * anchor (framework/sceneFrame.ts, the one shared file that names a 3-D trace); `except` files are not read.
 */
function namedFullBundleTraces(dir: string, except: string[] = []): string[] {
  const found = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    if (!/\.ts$/.test(f) || /\.test\.ts$/.test(f) || except.includes(f)) continue;
    const source = readFileSync(join(dir, f), 'utf8');
    for (const m of source.matchAll(/type:\s*['"]([a-z0-9]+)['"]/g)) if (FULL_BUNDLE_TRACES.includes(m[1])) found.add(m[1]);
    if (/sceneFrameAnchor\(/.test(source)) found.add('scatter3d');
  }
  return [...found];
}

describe('bundleFor', () => {
  it('keeps 2-D traces on the cartesian bundle and sends 3-D traces and tables to the full one', () => {
    expect(bundleFor({ data: [{ type: 'scatter' }, { type: 'bar' }, { type: 'heatmap' }, { type: 'contour' }] })).toBe('2d');
    expect(bundleFor({ data: [{ x: [1], y: [2] }] })).toBe('2d');
    expect(bundleFor({ data: [] })).toBe('2d');
    expect(bundleFor({ data: [{ type: 'scatter' }, { type: 'scatter3d' }] })).toBe('3d');
    expect(bundleFor({ data: [{ type: 'surface' }] })).toBe('3d');
    expect(bundleFor({ data: [{ type: 'table' }] })).toBe('3d');
  });
});

describe('ExperimentMeta.plots3d', () => {
  const root = join(__dirname, '../../experiments');
  it('is set on exactly the pages whose plot sources name a trace outside the cartesian bundle', () => {
    const needs = EXPERIMENTS.filter((e) => namedFullBundleTraces(join(root, e.id)).length > 0).map((e) => e.id);
    const declared = EXPERIMENTS.filter((e) => e.plots3d).map((e) => e.id);
    expect(declared).toEqual(needs);
    expect(needs).toEqual(['subspace-clustering', 'loss-landscape']);
  });
  it('has no shared plot code naming such a trace (it would escape the per-page scan)', () => {
    expect(namedFullBundleTraces(join(root, 'common'))).toEqual([]);
    expect(namedFullBundleTraces(join(root, 'framework'), ['sceneFrame.ts'])).toEqual([]);
    // the exception: a frame's anchor, which only pages that draw in 3-D use (the per-page scan counts them)
    expect(namedFullBundleTraces(join(root, 'framework'))).toEqual(['scatter3d']);
  });
});
