// householder_qr kernels on WebGPU against their float64 twins, and QR's properties on both backends, in real Chromium.
import { beforeAll, describe, expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { expectTensorsClose } from '../testing/backendsAgree';
import { cpuBackend, gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { gradedSpectrum, withSingularValues } from '../testing/matrices';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { belowDiagonal, orthogonalityError, productResidual } from './factorizationChecks';
import { householderQr, qr } from './qr';
import { extractR, householderAccumulate, householderStep, type ColumnLayout } from './qrKernels';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu);

const expectClose = (g: Tensor, c: Tensor, rtol: number, atol: number, label: string) => expectTensorsClose(gpu!, cpu, g, c, rtol, atol, label);

// [batch, m, n]: single rows and columns, primes, sizes around the workgroup width of 64, batches.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [1, 200, 1], [1, 13, 7], [1, 5, 5], [1, 67, 67], [1, 130, 65], [1, 64, 63], [3, 9, 4], [4, 31, 31],
];

// One thread per column (what software adapters get) and several (what hardware gets).
const LAYOUTS: ColumnLayout[] = [{ workgroupSize: 16, threadsPerColumn: 1 }, { workgroupSize: 64, threadsPerColumn: 32 }, { workgroupSize: 8, threadsPerColumn: 4 }];

describe('householder_qr kernel: webgpu against the float64 twin', () => {
  for (const [batch, m, n] of SHAPES) for (const layout of LAYOUTS) {
    itGpu(`householderStep, extractR and householderAccumulate on ${batch}×${m}×${n}, ${layout.threadsPerColumn} threads per column`, async () => {
      const data = new Rng(m * 7 + n).normals(batch * m * n);
      const run = (be: Backend) => be.tidy(() => {
        const work = be.transpose(be.upload(data, { batch, rows: m, cols: n }));
        const reflectors = be.fill({ batch, rows: n, cols: m }, 0);
        for (let j = 0; j < n; j++) householderStep(be, work, reflectors, j, layout);
        const r = extractR(be, work);
        for (let j = n - 1; j >= 0; j--) householderAccumulate(be, work, reflectors, j, layout);
        return { r, qt: work, reflectors };
      });
      const g = run(gpu!);
      const c = run(cpu);
      const tol = 3e-6 * Math.sqrt(m * n);
      await expectClose(g.reflectors, c.reflectors, tol, tol, 'reflectors');
      await expectClose(g.r, c.r, tol, tol, 'R');
      await expectClose(g.qt, c.qt, tol, tol, 'Qᵀ');
      for (const t of [...Object.values(g)]) gpu!.dispose(t);
      for (const t of [...Object.values(c)]) cpu.dispose(t);
    });
  }
});

describe('qr properties on both backends', () => {
  const cases: { name: string; batch: number; m: number; n: number; make: (rng: Rng) => Float64Array }[] = [
    { name: 'Gaussian 256×256', batch: 1, m: 256, n: 256, make: (rng) => Float64Array.from(rng.normals(256 * 256)) },
    { name: 'Gaussian 250×3', batch: 1, m: 250, n: 3, make: (rng) => Float64Array.from(rng.normals(750)) },
    { name: 'ill-conditioned 150×40 (σ 1…1e-7)', batch: 1, m: 150, n: 40, make: (rng) => withSingularValues(rng, 150, 40, gradedSpectrum(40, 1, 1e-7)) },
    { name: 'rank 3 of 60×12', batch: 1, m: 60, n: 12, make: (rng) => withSingularValues(rng, 60, 12, [3, 2, 1]) },
    { name: 'batch of 5 Gaussian 17×11', batch: 5, m: 17, n: 11, make: (rng) => Float64Array.from(rng.normals(5 * 17 * 11)) },
  ];
  for (const { name, batch, m, n, make } of cases) {
    for (const kind of ['webgpu', 'cpu'] as const) {
      itGpu(`${name} on ${kind}`, async () => {
        const be: Backend = kind === 'webgpu' ? gpu! : cpu;
        const a = make(new Rng(m + n));
        const start = be.liveTensors();
        const at = be.upload(a, { batch, rows: m, cols: n });
        const { Q, R } = await qr(be, at);
        const [q, r] = await Promise.all([be.read(Q), be.read(R)]);
        const tol = kind === 'webgpu' ? 1e-5 : 1e-13;
        for (let z = 0; z < batch; z++) {
          expect(orthogonalityError(q, m, n, z), 'max |QᵀQ − I|').toBeLessThan(tol);
          expect(productResidual(a, q, r, m, n, n, z), '‖A − QR‖/‖A‖').toBeLessThan(kind === 'webgpu' ? 3e-6 : 1e-14);
        }
        expect(belowDiagonal(r, n, batch)).toBe(0);
        for (const t of [at, Q, R]) be.dispose(t);
        expect(be.liveTensors()).toBe(start);
      });
    }
  }

  itGpu('inside a tidy, householderQr frees its intermediates and returns Q and R', async () => {
    const start = gpu!.liveTensors();
    const a = gpu!.upload(new Rng(1).normals(40 * 9), { rows: 40, cols: 9 });
    const { Q, R } = gpu!.tidy(() => householderQr(gpu!, a));
    expect(gpu!.liveTensors()).toBe(start + 3);
    for (const t of [a, Q, R]) gpu!.dispose(t);
  });
});
