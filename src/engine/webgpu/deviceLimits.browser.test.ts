// On the real (SwiftShader) device: tensors and pipelines over the adapter's limits are refused before any dispatch, and the backend keeps working.
import { beforeAll, describe, expect } from 'vitest';
import { gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { DeviceLimitError } from './deviceLimits';
import type { WebGpuBackend } from './webgpuBackend';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

/** The error `fn` throws (the test fails when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a DeviceLimitError, but nothing was thrown');
}

describe('device limits on webgpu', () => {
  itGpu('a matmul whose output is over maxBufferSize is refused with the size and the limit, nothing dispatched', async () => {
    const be = gpu!;
    const limit = Math.min(be.device.limits.maxStorageBufferBindingSize, be.device.limits.maxBufferSize);
    // (n×1)·(1×n) is an n×n output from two tiny inputs: only the output crosses the limit
    const n = Math.ceil(Math.sqrt(limit / 4)) + 1;
    const a = be.upload(new Float32Array(n).fill(1), { rows: n, cols: 1 });
    const b = be.upload(new Float32Array(n).fill(2), { rows: 1, cols: n });
    const live = be.liveTensors();
    const submits = be.submits;
    const e = thrown(() => be.matmul(a, b));
    expect(e).toBeInstanceOf(DeviceLimitError);
    expect(e.message).toContain(`a 1×${n}×${n} tensor needs`);
    expect(e.message).toContain(`${(n * n * 4).toLocaleString('en')} bytes`);
    expect(e.message).toMatch(/over this device's (maxStorageBufferBindingSize|maxBufferSize) of/);
    expect(e.message).toContain(`${limit.toLocaleString('en')} bytes`);
    expect(be.liveTensors()).toBe(live);
    be.flush();
    expect(be.submits, 'nothing was submitted for the refused matmul').toBe(submits);
    // the backend still computes: a 3×3 slice of the same product
    const small = be.tidy(() => be.matmul(be.slice(a, 0, 0, 3, 1), be.slice(b, 0, 0, 1, 3)));
    expect(Array.from(await be.read(small))).toEqual(new Array(9).fill(2));
    be.dispose(small);
    be.dispose(a);
    be.dispose(b);
  });

  itGpu('an upload or an empty tensor over the limit is refused before its buffer exists', async () => {
    const be = gpu!;
    const limit = Math.min(be.device.limits.maxStorageBufferBindingSize, be.device.limits.maxBufferSize);
    const rows = Math.floor(limit / 4 / 1024) + 1;
    const e = thrown(() => be.empty({ rows, cols: 1024 }));
    expect(e).toBeInstanceOf(DeviceLimitError);
    expect((e as DeviceLimitError).bytes).toBe(rows * 1024 * 4);
    expect((e as DeviceLimitError).limit).toBe(limit);
    // batch counts too: each of 3 items fits, all three do not
    const third = Math.floor(limit / 4 / 3 / 1024) + 1;
    expect(thrown(() => be.fill({ batch: 3, rows: third, cols: 1024 }, 1))).toBeInstanceOf(DeviceLimitError);
  });

  itGpu('a pipeline over maxComputeWorkgroupStorageSize is refused before it is compiled', async () => {
    const be = gpu!;
    const limit = be.device.limits.maxComputeWorkgroupStorageSize;
    const compiled = be.pipelines.size();
    const code = 'override N: u32 = 4u;\nvar<workgroup> scratch: array<f32, N>;\n@compute @workgroup_size(1) fn main() { scratch[0] = 1.0; }\n';
    const e = thrown(() => be.pipelines.get({ name: 'too-much-workgroup-memory', code, constants: { N: limit / 4 + 1 } }));
    expect(e).toBeInstanceOf(DeviceLimitError);
    expect(e.message).toContain(`maxComputeWorkgroupStorageSize of`);
    expect(be.pipelines.size()).toBe(compiled);
    // the same shader within the limit compiles (and raises no GPU error)
    expect(be.pipelines.get({ name: 'too-much-workgroup-memory', code, constants: { N: 16 } })).toBeTruthy();
  });
});
