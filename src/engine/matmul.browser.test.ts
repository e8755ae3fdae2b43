// Every matmul kernel (matmul_tiled, the generated register kernels regblock and skinny, and split-k through matmul_splitk) vs float64.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Shape, Tensor } from './backend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { overrideMatmul, planMatmul, type MatmulKernel, type MatmulOverride, type MatmulProblem } from './webgpu/matmulKernels';
import type { WebGpuBackend } from './webgpu/webgpuBackend';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});
afterEach(() => overrideMatmul(null));

const itGpu = gpuIt(() => gpu);

/** op(A)·op(B) for a [batch, m, k, n] problem on both backends, compared entry by entry. */
async function checkMatmul(
  [batch, m, k, n]: [number, number, number, number],
  o: { transA?: boolean; transB?: boolean; batchA?: number; batchB?: number },
  label: string,
): Promise<void> {
  const be = gpu!;
  const rng = new Rng(batch * 7919 + m * 1000 + k * 10 + n);
  const bA = o.batchA ?? batch;
  const bB = o.batchB ?? batch;
  const aShape: Shape = o.transA ? { batch: bA, rows: k, cols: m } : { batch: bA, rows: m, cols: k };
  const bShape: Shape = o.transB ? { batch: bB, rows: n, cols: k } : { batch: bB, rows: k, cols: n };
  const aData = rng.normals(bA * m * k);
  const bData = rng.normals(bB * k * n);
  const start = be.liveTensors();
  const ga = be.upload(aData, aShape);
  const gb = be.upload(bData, bShape);
  const ca = cpu.upload(aData, aShape);
  const cb = cpu.upload(bData, bShape);
  const opts = { transA: o.transA, transB: o.transB };
  const g: Tensor = be.matmul(ga, gb, opts);
  const c: Tensor = cpu.matmul(ca, cb, opts);
  expect([g.batch, g.rows, g.cols], `${label}: shape`).toEqual([c.batch, c.rows, c.cols]);
  const [gv, cv] = await Promise.all([be.read(g), cpu.read(c)]);
  // f32 accumulation error grows like √k; scale atol to the data.
  const report = allcloseReport(gv, cv, { rtol: 1e-4, atol: 1e-5 * Math.sqrt(k + 1) * Math.max(1, maxAbs(cv)) }, c.cols);
  expect(report, `${label}\n${report}`).toBeNull();
  for (const t of [ga, gb, g]) be.dispose(t);
  for (const t of [ca, cb, c]) cpu.dispose(t);
  expect(be.liveTensors(), `${label}: leaked tensors`).toBe(start);
}

// [batch, m, k, n]: 1×n, n×1, primes, non-multiples of every block (4, 8, 16, 64), tall/wide skinny.
const AWKWARD: [number, number, number, number][] = [
  [1, 1, 1, 1], [1, 1, 37, 29], [1, 29, 13, 1], [1, 7, 1, 5], [1, 31, 37, 41], [1, 9, 7, 17], [1, 65, 17, 63],
  [1, 127, 33, 131], [3, 17, 19, 23], [2, 5, 11, 3], [1, 200, 64, 3], [1, 3, 64, 200], [1, 1, 300, 1], [1, 70, 40, 33],
];

const KERNELS: MatmulKernel[] = ['tiled', 'regblock', 'skinny'];

for (const kernel of KERNELS) {
  describe(`matmul kernel ${kernel}`, () => {
    for (const shape of AWKWARD) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          itGpu(`${shape.join('×')} transA=${transA} transB=${transB}`, async () => {
            overrideMatmul({ kernel });
            await checkMatmul(shape, { transA, transB }, `${kernel} ${shape.join('×')} tA=${transA} tB=${transB}`);
          });
        }
      }
    }
    itGpu('broadcasts a batch of 1 on either side', async () => {
      overrideMatmul({ kernel });
      await checkMatmul([4, 9, 6, 5], { batchB: 1 }, `${kernel} B broadcast`);
      await checkMatmul([3, 5, 6, 10], { batchA: 1, transA: true }, `${kernel} A broadcast`);
    });
  });
}

describe('matmul split-k (regblock/skinny partials summed by matmul_splitk)', () => {
  const cases: [MatmulKernel, number, [number, number, number, number]][] = [
    ['regblock', 2, [1, 8, 16, 8]], ['regblock', 3, [1, 13, 100, 7]], ['regblock', 7, [2, 9, 50, 11]],
    ['regblock', 64, [1, 5, 61, 3]], ['skinny', 4, [1, 33, 257, 1]], ['skinny', 5, [1, 1, 1000, 17]], ['skinny', 9, [3, 2, 31, 19]],
  ];
  for (const [kernel, splits, shape] of cases) {
    for (const [transA, transB] of [[false, false], [true, true], [true, false]] as const) {
      itGpu(`${kernel} splits=${splits} ${shape.join('×')} transA=${transA} transB=${transB}`, async () => {
        overrideMatmul({ kernel, splits });
        await checkMatmul(shape, { transA, transB }, `${kernel} split ${splits} ${shape.join('×')}`);
      });
    }
  }
  itGpu('split-k with a broadcast batch', async () => {
    overrideMatmul({ kernel: 'regblock', splits: 4 });
    await checkMatmul([3, 6, 40, 5], { batchA: 1 }, 'split-k broadcast A');
  });
});

describe('matmul as planned for a hardware GPU (64-invocation workgroups, wide split-k), run here', () => {
  const shapes: [number, number, number, number][] = [[1, 64, 2048, 64], [1, 130, 300, 16], [1, 16, 700, 130], [1, 1, 513, 1], [2, 70, 90, 66]];
  for (const shape of shapes) {
    itGpu(`auto ${shape.join('×')}`, async () => {
      overrideMatmul({ fallback: false });
      await checkMatmul(shape, { transB: true }, `hardware plan ${shape.join('×')}`);
    });
  }
});

describe('matmul automatic choice on this adapter', () => {
  const shapes: [number, number, number, number][] = [
    [1, 256, 64, 256], [1, 64, 1500, 64], [1, 300, 120, 16], [1, 16, 200, 300], [1, 3, 2000, 2], [1, 100, 30, 1], [5, 40, 33, 8],
  ];
  for (const shape of shapes) {
    itGpu(`auto ${shape.join('×')}`, async () => {
      await checkMatmul(shape, {}, `auto ${shape.join('×')}`);
      await checkMatmul(shape, { transA: true, transB: true }, `auto ᵀ ${shape.join('×')}`);
    });
  }
});

describe('matmul planning', () => {
  const problem = (batch: number, m: number, k: number, n: number): MatmulProblem =>
    ({ batch, m, k, n, transA: false, transB: false, batchA: batch, batchB: batch });
  const software = { fallback: true, maxBufferBytes: 2 ** 28 };
  const hardware = { fallback: false, maxBufferBytes: 2 ** 28 };

  it('picks register blocking on software adapters, tiles on hardware, and skinny for a side ≤ 4', () => {
    expect(planMatmul(problem(1, 512, 512, 512), software).kernel).toBe('regblock');
    expect(planMatmul(problem(1, 1024, 1024, 16), software).kernel).toBe('regblock');
    expect(planMatmul(problem(1, 512, 512, 512), hardware).kernel).toBe('tiled');
    expect(planMatmul(problem(1, 256, 256, 256), hardware).kernel).toBe('tiled');
    // few tiles and a long k: split-k register blocks (measured 3–40× faster than tiles on an H100)
    expect(planMatmul(problem(1, 64, 2048, 64), hardware).kernel).toBe('regblock');
    expect(planMatmul(problem(1, 64, 65536, 64), hardware).kernel).toBe('regblock');
    expect(planMatmul(problem(1, 1000, 50, 1), software).kernel).toBe('skinny');
    expect(planMatmul(problem(1, 2, 50, 1000), hardware).kernel).toBe('skinny');
  });

  it('swaps operands so the skinny block lies along the short side', () => {
    expect(planMatmul(problem(1, 3, 40, 500), software).swap).toBe(true);
    expect(planMatmul(problem(1, 500, 40, 3), software).swap).toBe(false);
  });

  it('splits k only when the output is too small to fill the adapter, into non-empty chunks', () => {
    expect(planMatmul(problem(1, 512, 512, 512), software).splits).toBe(1);
    expect(planMatmul(problem(1, 64, 2048, 64), hardware).splits).toBeGreaterThan(1);
    for (const [p, a] of [[problem(1, 1, 100000, 1), software], [problem(1, 64, 2048, 64), hardware], [problem(2, 5, 777, 3), hardware]] as const) {
      const plan = planMatmul(p, a);
      const kChunk = plan.uniforms.values.kChunk;
      expect(plan.splits).toBeGreaterThan(1);
      expect(kChunk * plan.splits).toBeGreaterThanOrEqual(p.k);
      expect(kChunk * (plan.splits - 1)).toBeLessThan(p.k);
    }
  });

  it('keeps the split-k scratch buffer under the device limit', () => {
    const plan = planMatmul(problem(1, 40, 100000, 40), { fallback: false, maxBufferBytes: 40 * 40 * 4 * 3 });
    expect(plan.splits).toBeLessThanOrEqual(3);
  });

  it('honours overrides and clears them', () => {
    const o: MatmulOverride = { kernel: 'tiled' };
    overrideMatmul(o);
    expect(planMatmul(problem(1, 8, 8, 8), software).kernel).toBe('tiled');
    overrideMatmul(null);
    expect(planMatmul(problem(1, 8, 8, 8), software).kernel).toBe('regblock');
  });
});
