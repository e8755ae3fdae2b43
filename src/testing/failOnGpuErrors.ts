// Browser-test setup: every WebGPU device reports uncaptured errors here, and any error fails the test.
import { afterEach, expect } from 'vitest';

const gpuErrors: string[] = [];
(globalThis as { __gpuErrors?: string[] }).__gpuErrors = gpuErrors;

if (typeof GPUAdapter !== 'undefined') {
  const original = GPUAdapter.prototype.requestDevice;
  if (!(original as { __wrapped?: boolean }).__wrapped) {
    const wrapped = async function (this: GPUAdapter, desc?: GPUDeviceDescriptor) {
      const device = await original.call(this, desc);
      device.addEventListener('uncapturederror', (ev) => {
        gpuErrors.push((ev as GPUUncapturedErrorEvent).error.message);
      });
      return device;
    };
    (wrapped as { __wrapped?: boolean }).__wrapped = true;
    GPUAdapter.prototype.requestDevice = wrapped;
  }
}

afterEach(async () => {
  // Let pending error scopes and uncaptured errors arrive before checking.
  await new Promise((r) => setTimeout(r, 0));
  const errors = gpuErrors.splice(0);
  expect(errors, `WebGPU errors during the test:\n${errors.join('\n')}`).toEqual([]);
});
