// Every src/learn kernel on WebGPU against its float64 twin, on awkward shapes, in real Chromium.
// Kernels: activation_grad.wgsl, softmax_cross_entropy.wgsl, optimizer_sgd.wgsl, optimizer_adam.wgsl,
// gather_rows.wgsl, sparse_gather.wgsl, sparse_densify.wgsl, fastfood.wgsl, and the engine's row/column sums they lean on.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { allcloseReport, maxAbs } from '../testing/allclose';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { activationBackward, ACTIVATIONS } from './activationKernels';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { adamUpdate, sgdUpdate } from './optimizerKernels';
import { copySegment, gatherRows } from './gatherKernels';
import { createSupport, densifyAdd, disposeSupport, gatherSupport, randomSupportIndices } from './sparseKernels';
import { createFastfood, fastfoodProject, fastfoodProjectTranspose, fwht } from './fastfoodKernels';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

/** Runs `make` on both backends and compares every returned tensor: |gpu − cpu| ≤ tol·(1 + |cpu|) scaled to the data. */
async function compare(make: (be: Backend) => Tensor[], tol = 2e-5, label = '') {
  const g = gpu!.tidy(() => make(gpu!));
  const c = cpu.tidy(() => make(cpu));
  for (let i = 0; i < c.length; i++) {
    expect([g[i].batch, g[i].rows, g[i].cols], `${label} output ${i} shape`).toEqual([c[i].batch, c[i].rows, c[i].cols]);
    const [gv, cv] = await Promise.all([gpu!.read(g[i]), cpu.read(c[i])]);
    const report = allcloseReport(gv, cv, { rtol: tol, atol: tol * Math.max(1, maxAbs(cv)) }, c[i].cols);
    expect(report, `${label} output ${i}\n${report}`).toBeNull();
  }
  for (const t of g) gpu!.dispose(t);
  for (const t of c) cpu.dispose(t);
}

const normals = (seed: number, n: number, scale = 1) => new Rng(seed).normals(n, scale);

describe('activation_grad: relu, gelu, tanh backward', () => {
  for (const act of ACTIVATIONS) for (const [r, c] of [[1, 1], [1, 300], [37, 53], [257, 3]]) {
    itGpu(`${act} on ${r}×${c}`, () => compare((be) => {
      const z = be.upload(normals(r * c, r * c, 3), { rows: r, cols: c });
      return [activationBackward(be, z, be.upload(normals(7, r * c), { rows: r, cols: c }), act)];
    }, 2e-5, act));
  }
});

describe('softmax_cross_entropy: loss, hits, gradient', () => {
  for (const [rows, cols, scale] of [[1, 1, 1], [1, 10, 1], [67, 10, 4], [130, 3, 1], [5, 257, 2], [3, 4, 1e4]]) {
    itGpu(`${rows}×${cols}, logits ×${scale}`, () => compare((be) => {
      const labels = Array.from({ length: rows }, (_, i) => (i * 7) % cols);
      const { grad, rowStats } = softmaxCrossEntropy(be, be.upload(normals(rows + cols, rows * cols, scale), { rows, cols }), be.upload(labels, { rows, cols: 1 }));
      return [grad, rowStats];
    }, 1e-5, 'softmax'));
  }
});

describe('optimizer_sgd and optimizer_adam: three in-place steps', () => {
  const sgdCases = [
    { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
    { momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0.01 },
    { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.001 },
  ];
  for (const n of [1, 257, 1000]) sgdCases.forEach((o, k) => {
    itGpu(`sgd case ${k} on ${n} entries`, () => compare((be) => {
      const p = be.upload(normals(n, n), { rows: 1, cols: n });
      const buf = be.fill({ rows: 1, cols: n }, 0);
      for (let s = 0; s < 3; s++) sgdUpdate(be, p, be.upload(normals(n + s, n), { rows: 1, cols: n }), buf, { lr: 0.05, ...o, firstStep: s === 0 });
      return [p, buf];
    }, 1e-5, 'sgd'));
  });
  for (const n of [1, 257, 999]) for (const decoupled of [false, true]) {
    itGpu(`${decoupled ? 'adamw' : 'adam'} on ${n} entries`, () => compare((be) => {
      const p = be.upload(normals(n, n), { rows: n, cols: 1 });
      const m = be.fill({ rows: n, cols: 1 }, 0);
      const v = be.fill({ rows: n, cols: 1 }, 0);
      for (let s = 1; s <= 3; s++) adamUpdate(be, p, be.upload(normals(n * s, n), { rows: n, cols: 1 }), m, v, { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled, step: s });
      return [p, m, v];
    }, 2e-5, 'adam'));
  }
});

describe('gather_rows and segment copies', () => {
  for (const [rows, cols, offset, count] of [[1, 1, 0, 1], [37, 13, 5, 20], [200, 1, 0, 200], [50, 64, 49, 1]]) {
    itGpu(`gather ${count} of ${rows}×${cols} from offset ${offset}`, () => compare((be) => {
      const order = new Rng(rows).shuffle(Array.from({ length: rows }, (_, i) => i));
      const src = be.upload(normals(cols, rows * cols), { rows, cols });
      return [gatherRows(be, src, be.upload(order as number[], { rows, cols: 1 }), offset, count)];
    }, 0, 'gather'));
  }
  itGpu('copySegment into the middle of a tensor', () => compare((be) => {
    const dst = be.fill({ rows: 7, cols: 5 }, -1);
    copySegment(be, be.upload(normals(1, 17), { rows: 17, cols: 1 }), 3, dst, 11, 13);
    return [dst];
  }, 0, 'copy'));
});

describe('sparse_gather and sparse_densify on a fixed support', () => {
  for (const [rows, cols, density] of [[1, 1, 1], [7, 13, 0.3], [64, 32, 0.03], [1, 200, 0.1], [100, 3, 0.02], [9, 9, 0]]) {
    itGpu(`${rows}×${cols} with δ = ${density}`, async () => {
      const indices = randomSupportIndices(new Rng(rows * cols), rows, cols, density);
      await compare((be) => {
        const s = createSupport(be, rows, cols, indices);
        const base = be.upload(normals(2, rows * cols), { rows, cols });
        const values = be.upload(indices.length ? normals(3, indices.length) : [0], { rows: Math.max(1, indices.length), cols: 1 });
        const out = [densifyAdd(be, base, s, values, 0.5)];
        if (s.nnz) out.push(gatherSupport(be, base, s));
        disposeSupport(be, s);
        return out;
      }, 1e-6, 'sparse');
    });
  }
});

describe('fastfood: P·x, Pᵀ·y and the FWHT', () => {
  for (const [d, D] of [[1, 1], [3, 5], [10, 250], [100, 256], [37, 257]]) {
    itGpu(`d = ${d}, D = ${D}`, () => compare((be) => {
      const f = createFastfood(be, new Rng(d + D), d, D);
      const out = [
        fastfoodProject(be, f, be.upload(normals(d, d), { rows: d, cols: 1 })),
        fastfoodProjectTranspose(be, f, be.upload(normals(D, D), { rows: D, cols: 1 })),
      ];
      be.dispose(f.table);
      return out;
    }, 3e-5, 'fastfood'));
  }
  itGpu('batched FWHT, 3 vectors of length 64', () => compare((be) => [fwht(be, be.upload(normals(5, 192), { batch: 3, rows: 64, cols: 1 }))], 2e-5, 'fwht'));
});

describe('column and row sums (be.reduce, which training uses for bias gradients and metric totals)', () => {
  for (const [rows, cols] of [[1, 1], [1, 300], [300, 1], [37, 53], [256, 10], [10, 100]]) for (const which of ['columns', 'rows'] as const) {
    itGpu(`${which} of ${rows}×${cols}`, () => compare((be) => [be.reduce('sum', be.upload(normals(rows + 2 * cols, rows * cols), { rows, cols }), which === 'columns' ? 'perCol' : 'perRow')], 1e-5, 'sums'));
  }
});
