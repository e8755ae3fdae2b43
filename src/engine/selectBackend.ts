// Chooses the backend: forced by the caller, or WebGPU on a hardware adapter and cpu otherwise, with the reason.
import type { Backend, BackendKind } from './backend';
import { CpuBackend } from './cpu/cpuBackend';
import { acquireDevice, type DeviceEvents, type DeviceInfo } from './webgpu/device';
import { WebGpuBackend } from './webgpu/webgpuBackend';

export type BackendRequest = 'auto' | BackendKind;

export type BackendChoice = {
  backend: Backend;
  /** The adapter, when one was found (also when the cpu backend was chosen). */
  device: DeviceInfo | null;
  /** One sentence a user can read: why this backend. */
  reason: string;
  /** Why WebGPU could not be used, when it could not. */
  webgpuError: string | null;
};

export async function selectBackend(request: BackendRequest, events: DeviceEvents = {}): Promise<BackendChoice> {
  if (request === 'cpu') {
    return { backend: new CpuBackend(), device: null, reason: 'The cpu backend (float64) was requested.', webgpuError: null };
  }
  let acquired;
  try {
    acquired = await acquireDevice(events);
  } catch (e) {
    const msg = (e as Error).message;
    if (request === 'webgpu') throw new Error(`WebGPU was requested but is unavailable: ${msg}`);
    return { backend: new CpuBackend(), device: null, reason: `WebGPU is unavailable, so the cpu backend runs: ${msg}`, webgpuError: msg };
  }
  const { info } = acquired;
  if (request === 'auto' && info.fallback) {
    acquired.release();
    return {
      backend: new CpuBackend(),
      device: info,
      reason: `The only WebGPU adapter is a software one (${info.vendor} ${info.architecture}), slower than plain JavaScript, so the cpu backend runs. Add ?backend=webgpu to use it anyway.`,
      webgpuError: null,
    };
  }
  const onError = events.onError ?? ((m: string) => console.error(m));
  return {
    backend: new WebGpuBackend(acquired, onError),
    device: info,
    reason: request === 'webgpu' ? 'The webgpu backend was requested.' : `WebGPU runs on ${info.vendor} ${info.architecture}.`,
    webgpuError: null,
  };
}
