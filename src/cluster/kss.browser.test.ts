// k-subspaces with default options on WebGPU (f32): the unions of subspaces at ≥ 0.95 accuracy, nothing leaked.
import { beforeAll, describe, expect } from 'vitest';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import { KSS_BENCHMARKS } from '../testing/kssBenchmarks';
import { kss } from './kss';
import { accuracy } from './metrics';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

describe('kss on webgpu with default options', () => {
  for (const o of KSS_BENCHMARKS) {
    itGpu(`${o.subspaces} random ${o.dim}-dim subspaces of R^${o.ambient}, noise ${o.noise}: accuracy ≥ 0.95`, async () => {
      const data = unionOfSubspaces(new Rng(o.seed), o);
      const x = gpu!.upload(data.X, { rows: data.n, cols: data.d });
      const r = await kss(gpu!, x, o.subspaces);
      gpu!.dispose(x);
      expect(r.dim).toBe(o.dim);
      expect(accuracy(r.labels, data.labels)).toBeGreaterThanOrEqual(0.95);
      expect(r.residual).toBe(Math.min(...r.restartResiduals));
    });
  }
});
