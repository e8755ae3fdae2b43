// Every webgpu kernel against the float64 cpu backend on awkward shapes, in real Chromium.
import { beforeAll, describe, expect } from 'vitest';
import { ELEMENTWISE_OPS, REDUCE_OPS, type Backend, type ElementwiseOp, type Shape, type Tensor } from './backend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import type { WebGpuBackend } from './webgpu/webgpuBackend';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

function both(data: Float32Array, shape: Shape): [Tensor, Tensor] {
  return [gpu!.upload(data, shape), cpu.upload(data, shape)];
}

async function compare(g: Tensor, c: Tensor, rtol: number, atolScale: number, label: string) {
  expect([g.batch, g.rows, g.cols], `${label}: shape`).toEqual([c.batch, c.rows, c.cols]);
  const [gv, cv] = await Promise.all([gpu!.read(g), cpu.read(c)]);
  const report = allcloseReport(gv, cv, { rtol, atol: atolScale * Math.max(1, maxAbs(cv)) }, c.cols);
  expect(report, `${label}\n${report}`).toBeNull();
}

const itGpu = gpuIt(() => gpu);

describe('matmul', () => {
  const shapes: [number, number, number, number][] = [
    // [batch, m, k, n]
    [1, 1, 1, 1], [1, 1, 37, 1], [1, 1, 13, 29], [1, 29, 13, 1], [1, 7, 1, 5], [1, 64, 64, 64], [1, 65, 17, 63],
    [1, 127, 33, 131], [1, 3, 200, 2], [1, 100, 8, 100], [3, 17, 19, 23], [2, 64, 16, 1], [1, 0, 5, 3], [1, 4, 0, 3],
  ];
  for (const [batch, m, k, n] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        itGpu(`${batch}×${m}×${k}×${n} transA=${transA} transB=${transB}`, async () => {
          const rng = new Rng(m * 1000 + k * 10 + n);
          const aShape = transA ? { batch, rows: k, cols: m } : { batch, rows: m, cols: k };
          const bShape = transB ? { batch, rows: n, cols: k } : { batch, rows: k, cols: n };
          const [ga, ca] = both(rng.normals(batch * m * k), aShape);
          const [gb, cb] = both(rng.normals(batch * k * n), bShape);
          await compare(gpu!.matmul(ga, gb, { transA, transB }), cpu.matmul(ca, cb, { transA, transB }), 1e-4, 1e-5 * Math.sqrt(k + 1), 'matmul');
        });
      }
    }
  }
  itGpu('broadcasts a batch of 1', async () => {
    const rng = new Rng(5);
    const [ga, ca] = both(rng.normals(4 * 9 * 6), { batch: 4, rows: 9, cols: 6 });
    const [gb, cb] = both(rng.normals(6 * 5), { batch: 1, rows: 6, cols: 5 });
    await compare(gpu!.matmul(ga, gb), cpu.matmul(ca, cb), 1e-4, 1e-5, 'matmul broadcast');
  });
  itGpu('rejects mismatched inner dimensions with a clear message', async () => {
    const a = gpu!.fill({ rows: 3, cols: 4 }, 1);
    const b = gpu!.fill({ rows: 5, cols: 2 }, 1);
    expect(() => gpu!.matmul(a, b)).toThrow(/inner dimensions/);
  });
});

describe('elementwise', () => {
  const shapes: Shape[] = [
    { batch: 1, rows: 1, cols: 1 }, { batch: 1, rows: 1, cols: 257 }, { batch: 1, rows: 131, cols: 1 }, { batch: 2, rows: 13, cols: 17 },
  ];
  for (const op of ELEMENTWISE_OPS) {
    for (const s of shapes) {
      for (const bc of ['same', 'scalar', 'row', 'col'] as const) {
        itGpu(`${op} ${s.batch}×${s.rows}×${s.cols} b:${bc}`, async () => {
          const rng = new Rng(s.rows * 7 + s.cols);
          const n = s.batch * s.rows * s.cols;
          const positive = op === 'sqrt' || op === 'log';
          const a = rng.normals(n, 2).map((x) => (positive ? Math.abs(x) + 0.1 : x));
          const bShape = bc === 'same' ? s : bc === 'scalar' ? { ...s, rows: 1, cols: 1 } : bc === 'row' ? { ...s, rows: 1 } : { ...s, cols: 1 };
          const b = rng.normals(bShape.batch * bShape.rows * bShape.cols).map((x) => (op === 'div' ? Math.sign(x) * (Math.abs(x) + 0.5) : x));
          const [ga, ca] = both(a, s);
          const [gb, cb] = both(b, bShape);
          const [alpha, beta] = op === 'clamp' ? [-0.5, 0.7] : op === 'add' ? [0.5, -2] : op === 'scale' ? [3, 0.25] : [undefined, undefined];
          await compare(gpu!.elementwise(op as ElementwiseOp, ga, gb, alpha, beta), cpu.elementwise(op as ElementwiseOp, ca, cb, alpha, beta), 2e-5, 2e-6, op);
        });
        if (bc !== 'same' && !['add', 'mul', 'div', 'max', 'min', 'reluGrad'].includes(op)) break;
      }
    }
  }
});

describe('reduce', () => {
  const shapes: Shape[] = [
    { batch: 1, rows: 1, cols: 1 }, { batch: 1, rows: 1, cols: 1000 }, { batch: 1, rows: 600, cols: 1 }, { batch: 3, rows: 37, cols: 53 },
    { batch: 1, rows: 256, cols: 300 },
  ];
  for (const op of REDUCE_OPS) {
    for (const s of shapes) {
      for (const axis of ['perRow', 'perCol', 'all'] as const) {
        itGpu(`${op} ${axis} ${s.batch}×${s.rows}×${s.cols}`, async () => {
          const rng = new Rng(s.rows + 3 * s.cols);
          const [ga, ca] = both(rng.normals(s.batch * s.rows * s.cols), s);
          const tolScale = op === 'sum' ? Math.sqrt(s.rows * s.cols) * 1e-6 : 1e-6;
          await compare(gpu!.reduce(op, ga, axis), cpu.reduce(op, ca, axis), 1e-5, tolScale, `${op} ${axis}`);
        });
      }
    }
  }
});

describe('data movement', () => {
  for (const [b, r, c] of [[1, 1, 1], [1, 1, 300], [2, 17, 5], [1, 64, 65]]) {
    itGpu(`transpose ${b}×${r}×${c}`, async () => {
      const [ga, ca] = both(new Rng(r).normals(b * r * c), { batch: b, rows: r, cols: c });
      await compare(gpu!.transpose(ga), cpu.transpose(ca), 0, 0, 'transpose');
    });
  }
  itGpu('slice', async () => {
    const [ga, ca] = both(new Rng(1).normals(2 * 13 * 11), { batch: 2, rows: 13, cols: 11 });
    await compare(gpu!.slice(ga, 3, 2, 7, 8), cpu.slice(ca, 3, 2, 7, 8), 0, 0, 'slice');
    expect(() => gpu!.slice(ga, 10, 0, 7, 1)).toThrow(/outside/);
  });
  itGpu('fill and upload round-trip', async () => {
    const t = gpu!.fill({ rows: 3, cols: 5 }, 2.5);
    expect([...(await gpu!.read(t))]).toEqual(new Array(15).fill(2.5));
    const z = gpu!.fill({ rows: 2, cols: 2 }, 0);
    expect([...(await gpu!.read(z))]).toEqual([0, 0, 0, 0]);
  });
});

describe('buffer lifetimes', () => {
  itGpu('tidy frees intermediates and a thousand matmuls leak nothing', async () => {
    const backends: Backend[] = [gpu!, cpu];
    for (const be of backends) {
      const start = be.liveTensors();
      const a = be.upload(new Rng(2).normals(16 * 8), { rows: 16, cols: 8 });
      for (let i = 0; i < 1000; i++) {
        // the inner product is freed by tidy; the returned one by dispose
        be.dispose(be.tidy(() => be.matmul(be.matmul(a, a, { transB: true }), a)));
      }
      const kept = be.tidy(() => be.elementwise('relu', be.matmul(a, a, { transA: true })));
      expect(be.liveTensors()).toBe(start + 2);
      be.dispose(kept);
      be.dispose(a);
      expect(be.liveTensors()).toBe(start);
      expect(() => be.dispose(a)).toThrow(/already disposed/);
    }
  });
});
