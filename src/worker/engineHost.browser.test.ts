// Device loss in real Chromium: the engine host restarts on a new device (or on the cpu backend when none is left), and a run on the lost device fails with the reason.
import { afterEach, beforeAll, describe, expect } from 'vitest';
import { EngineHost, type EngineEvent } from './engineHost';
import { RunHost } from './runHost';
import { DeviceLostError } from '../engine/webgpu/device';
import type { ExperimentRun } from '../experiments/framework/types';
import { gpuIt, webgpuBackend } from '../testing/gpuBackendForTests';
import type { WebGpuBackend } from '../engine/webgpu/webgpuBackend';

const realRequestAdapter = typeof GPU !== 'undefined' ? GPU.prototype.requestAdapter : null;
afterEach(() => {
  if (realRequestAdapter) GPU.prototype.requestAdapter = realRequestAdapter;
});

/** An engine host on webgpu with its events recorded; `next(type)` waits for the next event of that type. */
async function hostOnWebgpu() {
  const events: EngineEvent[] = [];
  const waiters: { type: EngineEvent['type']; resolve: (e: EngineEvent) => void }[] = [];
  const host = new EngineHost();
  const status = await host.init('webgpu', (e) => {
    events.push(e);
    const i = waiters.findIndex((w) => w.type === e.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(e);
  });
  const next = <T extends EngineEvent['type']>(type: T) =>
    new Promise<Extract<EngineEvent, { type: T }>>((resolve) => waiters.push({ type, resolve: resolve as (e: EngineEvent) => void }));
  return { host, status, events, next };
}

const ONE = { rows: 1, cols: 1, data: new Float32Array([3]) };

/** Two steps; the second needs the backend again (an upload and a read). */
const twoSteps: ExperimentRun = async function* (_config, ctx) {
  const be = ctx.backend;
  const t = be.upload([1, 2], { rows: 1, cols: 2 });
  try {
    yield { step: 1, total: 2, metrics: { sum: 3 } };
    const u = be.upload([3, 4], { rows: 1, cols: 2 });
    const v = await be.read(u);
    be.dispose(u);
    yield { step: 2, total: 2, metrics: { sum: v[0] + v[1] } };
  } finally {
    be.dispose(t);
  }
};

let shared: WebGpuBackend | null = null;
beforeAll(async () => {
  shared = await webgpuBackend();
});
// runs where WebGPU exists (webgpuBackend() fails the run when REQUIRE_WEBGPU=1 and it does not)
const it = gpuIt(() => shared);

describe('device loss', () => {
  it('restarts on a new WebGPU device; the lost backend refuses work with the reason', async () => {
    const { host, status, events, next } = await hostOnWebgpu();
    expect(status.backend).toBe('webgpu');
    const lost = host.active;
    const restarted = next('engine-restarted');
    expect(host.loseDeviceForTest()).toBe(true);
    const { status: after } = await restarted;
    expect(events.map((e) => e.type)).toEqual(['device-lost', 'engine-restarted']);
    expect(after.backend).toBe('webgpu');
    expect(after.reason).toMatch(/^The GPU device was lost \(destroyed: .*\); the engine restarted: The webgpu backend was requested\.$/);
    expect(host.active).not.toBe(lost);
    expect(host.deviceLosses).toBe(1);
    expect(() => lost.upload([1], { rows: 1, cols: 1 })).toThrow(DeviceLostError);
    expect(() => lost.upload([1], { rows: 1, cols: 1 })).toThrow(/^The GPU device was lost \(destroyed/);
    const product = await host.matmul(ONE, ONE);
    expect(Array.from(product.data)).toEqual([9]);
    host.active.destroy();
  });

  it('a read in flight when the device is lost rejects with DeviceLostError, not a bare map failure', async () => {
    const { host, next } = await hostOnWebgpu();
    const be = host.active;
    const t = be.upload([1, 2, 3], { rows: 1, cols: 3 });
    const restarted = next('engine-restarted');
    const reading = be.read(t).then(() => null, (e: Error) => e);
    host.loseDeviceForTest();
    const e = await reading;
    expect(e).toBeInstanceOf(DeviceLostError);
    expect(e!.message).toMatch(/^The GPU device was lost \(destroyed/);
    await restarted;
    host.active.destroy();
  });

  it('falls back to the cpu backend, saying why, when no new adapter can be had', async () => {
    const { host, next } = await hostOnWebgpu();
    GPU.prototype.requestAdapter = async () => null;
    const restarted = next('engine-restarted');
    host.loseDeviceForTest();
    const { status } = await restarted;
    expect(status.backend).toBe('cpu');
    expect(status.reason).toMatch(/^The GPU device was lost \(destroyed: .*\) and no new one could be had \(.*no adapter was found.*\), so the cpu backend runs\.$/);
    expect(status.webgpuError).toMatch(/no adapter was found/);
    expect(host.loseDeviceForTest()).toBe(false);
    expect(Array.from((await host.matmul(ONE, ONE)).data)).toEqual([9]);
  });

  it('a run paused on a device that is then lost fails with the reason and keeps its first step', async () => {
    const { host, next } = await hostOnWebgpu();
    const runs = new RunHost();
    const seen: number[] = [];
    const backend = await host.ready();
    const outcome = runs.start('r1', twoSteps, { seed: 1 }, { backend, data: async () => new Uint8Array(0) }, (p) => void seen.push(p.step), 'step');
    await expect.poll(() => seen.length).toBe(1);
    const restarted = next('engine-restarted');
    host.loseDeviceForTest();
    await restarted;
    runs.control('r1', 'resume');
    const o = await outcome;
    expect(o.status).toBe('failed');
    expect(o.message).toMatch(/^The GPU device was lost \(destroyed: .*\); this run stopped here\.$/);
    expect(o.steps).toBe(1);
    expect(o.final).toEqual({ sum: 3 });
    // the same run on the restarted engine completes
    const again = await runs.start('r2', twoSteps, { seed: 1 }, { backend: await host.ready(), data: async () => new Uint8Array(0) }, () => {});
    expect([again.status, again.final]).toEqual(['done', { sum: 7 }]);
    expect(host.liveTensors()).toBe(0);
    host.active.destroy();
  });
});
