// Gives browser tests a WebGPU backend, failing (never skipping) when REQUIRE_WEBGPU=1 and none exists.
import { expect, inject, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { acquireDevice } from '../engine/webgpu/device';
import { WebGpuBackend } from '../engine/webgpu/webgpuBackend';

declare module 'vitest' {
  export interface ProvidedContext {
    requireWebgpu: boolean;
  }
}

let cached: Promise<WebGpuBackend | null> | null = null;

/** The shared WebGPU backend for this test file, or null when WebGPU is missing and not required. */
export function webgpuBackend(): Promise<WebGpuBackend | null> {
  cached ??= (async () => {
    try {
      const acq = await acquireDevice({ onError: (m) => console.error(m) });
      // Pipeline compile errors join the uncaptured errors that failOnGpuErrors checks after each test.
      return new WebGpuBackend(acq, (m) => ((globalThis as { __gpuErrors?: string[] }).__gpuErrors ??= []).push(m));
    } catch (e) {
      if (inject('requireWebgpu')) throw new Error(`REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${(e as Error).message}`);
      console.warn(`WebGPU unavailable, kernel tests skipped: ${(e as Error).message}`);
      return null;
    }
  })();
  return cached;
}

/** Why a browser test is skipped: write `if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU)` so the runner counts it as skipped. */
export const SKIP_WITHOUT_WEBGPU = 'WebGPU unavailable';

/** A fresh float64 reference backend. */
export function cpuBackend(): CpuBackend {
  return new CpuBackend();
}

/**
 * An `it` for tests that need the WebGPU backend `getGpu()` returns: without one it is reported as skipped, never
 * passed (webgpuBackend() has already failed the run when REQUIRE_WEBGPU=1), and, with checkLeaks, it fails when the
 * test leaves tensors alive.
 */
export function gpuIt(getGpu: () => WebGpuBackend | null, o: { checkLeaks?: boolean } = {}) {
  return (name: string, fn: () => Promise<void>) =>
    it(name, async (ctx) => {
      const gpu = getGpu();
      if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
      const before = gpu.liveTensors();
      await fn();
      if (o.checkLeaks) expect(gpu.liveTensors(), 'webgpu tensors leaked').toBe(before);
    });
}
