// The loss surface is drawn as a mesh of exactly the grid's points: each vertex at its (α, β) with its own loss, two triangles per cell.
import { describe, expect, it } from 'vitest';
import { gridSurface, lossLandscapePlots, surfaceFrame } from './plots';
import { sceneFrameAnchor, sceneFrameLayout } from '../framework/sceneFrame';
import type { LossLandscapeConfig } from './schema';

describe('gridSurface', () => {
  const axis = [-1, 0, 0.5];
  // z[row][col] = 10·row + col, so a vertex's value names its cell
  const z = [0, 1, 2].map((r) => [0, 1, 2].map((c) => 10 * r + c));
  const mesh = gridSurface(axis, z) as { type: string; x: number[]; y: number[]; z: number[]; i: number[]; j: number[]; k: number[]; intensity: number[] };

  it('has one vertex per grid point, at α = axis[col], β = axis[row], with that point’s loss', () => {
    expect(mesh.type).toBe('mesh3d');
    expect(mesh.x.length).toBe(9);
    for (let v = 0; v < 9; v++) {
      const row = axis.indexOf(mesh.y[v]);
      const col = axis.indexOf(mesh.x[v]);
      expect(mesh.z[v]).toBe(10 * row + col);
    }
    expect(mesh.intensity).toEqual(mesh.z);
  });

  it('covers every cell with two triangles on its four corners, and nothing else', () => {
    expect([mesh.i.length, mesh.j.length, mesh.k.length]).toEqual([8, 8, 8]);
    const cells = new Map<string, Set<number>>();
    for (let t = 0; t < 8; t++) {
      const corners = [mesh.i[t], mesh.j[t], mesh.k[t]];
      expect(new Set(corners).size).toBe(3);
      const rows = corners.map((v) => Math.floor(v / 3));
      const cols = corners.map((v) => v % 3);
      // a triangle stays in one cell: its corners span one row step and one column step
      expect([Math.max(...rows) - Math.min(...rows), Math.max(...cols) - Math.min(...cols)]).toEqual([1, 1]);
      const key = `${Math.min(...rows)},${Math.min(...cols)}`;
      const seen = cells.get(key) ?? new Set<number>();
      for (const v of corners) seen.add(v);
      cells.set(key, seen);
    }
    expect(cells.size).toBe(4);
    for (const corners of cells.values()) expect(corners.size).toBe(4);
  });
});

describe('lossLandscapePlots surface', () => {
  it('draws the chosen run’s grid, clipped at 10, as that mesh, in the frame of α, β ∈ ±range and loss ∈ [0, 10]', () => {
    const axis = [-0.5, 0, 0.5];
    const grid = [[1, 2, 3], [4, 50, 6], [7, 8, 9]];
    const config = { surfaceRun: 'saf', range: 0.5 } as LossLandscapeConfig;
    const plots = lossLandscapePlots([{ step: 1, metrics: { grid_axis: axis, random2d_saf: grid } }] as never, config);
    const surface = plots.find((p) => p.id === 'surface')!;
    const frame = surfaceFrame(config);
    expect(frame).toEqual({ x: { title: 'α', range: [-0.5, 0.5] }, y: { title: 'β', range: [-0.5, 0.5] }, z: { title: 'loss', range: [0, 10] } });
    expect(surface.data).toEqual([gridSurface(axis, [[1, 2, 3], [4, 10, 6], [7, 8, 9]]), sceneFrameAnchor(frame)]);
    expect(surface.layout?.scene).toEqual(sceneFrameLayout(frame));
    // every vertex lies inside the frame, so the anchor alone sets the data's extent
    const mesh = surface.data[0] as { x: number[]; y: number[]; z: number[] };
    for (let v = 0; v < mesh.x.length; v++) {
      expect(Math.abs(mesh.x[v]) <= 0.5 && Math.abs(mesh.y[v]) <= 0.5 && mesh.z[v] >= 0 && mesh.z[v] <= 10).toBe(true);
    }
  });
});
