// Every weight adapter's weight() and backward() on WebGPU against the float64 cpu backend, on awkward shapes.
import { beforeAll, describe, it } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { expectBackendsAgree } from '../../testing/backendsAgree';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { ADAPTER_CASES } from './adapterCases';
import type { WeightAdapter } from './weightAdapter';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();
beforeAll(async () => {
  gpu = await webgpuBackend();
});

/** [W(θ), ...∂L/∂θ for a fixed G] read back. */
async function evaluate(be: Backend, make: (be: Backend) => WeightAdapter): Promise<Float64Array[]> {
  const a = be.tidy(() => make(be));
  const out = be.tidy(() => {
    const w = a.weight();
    const G = be.upload(new Rng(31).normals(w.rows * w.cols), { rows: w.rows, cols: w.cols });
    // W may alias θ (full fine-tuning): copy it so disposing the outputs leaves θ alone
    return [be.elementwise('scale', w, null, 1), ...a.backward(G).map((g) => be.elementwise('scale', g, null, 1))];
  });
  const values = await Promise.all(out.map((t: Tensor) => be.read(t)));
  out.forEach((t: Tensor) => be.dispose(t));
  a.dispose();
  return values;
}

describe('weight adapters on webgpu against the float64 twin', () => {
  for (const [name, make] of ADAPTER_CASES) {
    it(name, async (ctx) => {
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      await expectBackendsAgree(gpu, cpu, (be) => evaluate(be, make), name, { rtol: 1e-4, atolScale: 1e-5 });
    });
  }
});
