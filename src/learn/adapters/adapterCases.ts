// Test cases shared by the adapter tests on both backends: each adapter built on awkward shapes with non-trivial θ.
import type { Backend } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { copySegment } from '../gatherKernels';
import { randomOrthonormal } from '../../testing/matrices';
import { coreAdapter, loraAdapter, scaledColumns, svfitAdapter } from './lowRankAdapters';
import { floraAdapter, floraRanks, type KernelDims } from './floraAdapter';
import { frozenAdapter, fullAdapter, type WeightAdapter } from './weightAdapter';

/** Orthonormal columns (m×r) from a seeded generator, as host numbers. */
const orthonormalColumns = (m: number, r: number, seed: number) => randomOrthonormal(new Rng(seed), m, r);

export const KERNEL: KernelDims = [5, 3, 3, 2];

/** name → a builder; θ is randomized (not the zero starts) so every gradient path is exercised. */
export const ADAPTER_CASES: [string, (be: Backend) => WeightAdapter][] = [
  ['frozen', (be) => frozenAdapter(be, be.upload(new Rng(1).normals(7 * 11), { rows: 7, cols: 11 }))],
  ['full', (be) => fullAdapter(be, be.upload(new Rng(1).normals(7 * 11), { rows: 7, cols: 11 }))],
  ['lora r=3', (be) => withRandomParams(be, loraAdapter(be, be.upload(new Rng(1).normals(7 * 11), { rows: 7, cols: 11 }), 3, new Rng(2)), 3)],
  ['lora-xs r=2', (be) => {
    const W0 = be.upload(new Rng(1).normals(7 * 11), { rows: 7, cols: 11 });
    const L = scaledColumns(be, be.upload(orthonormalColumns(7, 2, 4), { rows: 7, cols: 2 }), 2, [3, 1.5]);
    return withRandomParams(be, coreAdapter(be, 'lora-xs', W0, L, be.upload(orthonormalColumns(11, 2, 5), { rows: 11, cols: 2 }), new Rng(6).normals(4, 1e-5)), 7);
  }],
  ['lora-sb r=3', (be) => {
    const W0 = be.upload(new Rng(1).normals(7 * 11), { rows: 7, cols: 11 });
    return coreAdapter(be, 'lora-sb', W0, be.upload(orthonormalColumns(7, 3, 8), { rows: 7, cols: 3 }), be.upload(orthonormalColumns(11, 3, 9), { rows: 11, cols: 3 }), [2, 0, 0, 0, 1, 0, 0, 0, 0.5]);
  }],
  ['svfit r=3', (be) => withRandomParams(be, svfitAdapter(be, be.upload(new Rng(1).normals(7 * 11), { rows: 7, cols: 11 }),
    be.upload(orthonormalColumns(7, 4, 10), { rows: 7, cols: 4 }), [4, 3, 2, 1], be.upload(orthonormalColumns(11, 4, 11), { rows: 11, cols: 4 }), 3), 12)],
  ['flora 5×3×3×2 r=2', (be) => withRandomParams(be, floraAdapter(be, be.upload(new Rng(1).normals(5 * 18), { rows: 5, cols: 18 }), KERNEL, floraRanks(KERNEL, 2), new Rng(13), 0.5), 14)],
];

/** Replaces every θ tensor by seeded normals (the adapters' zero starts would hide gradient terms). */
function withRandomParams(be: Backend, a: WeightAdapter, seed: number): WeightAdapter {
  const rng = new Rng(seed);
  for (const p of a.params) {
    const n = p.batch * p.rows * p.cols;
    be.tidy(() => copySegment(be, be.upload(rng.normals(n, 0.7), p), 0, p, 0, n));
  }
  return a;
}
