// Acquires a WebGPU adapter and device, describes them, and routes device errors and loss to a handler.

/** What the UI and tests learn about the adapter. */
export type DeviceInfo = {
  vendor: string;
  architecture: string;
  description: string;
  /** true for software/fallback adapters such as SwiftShader. */
  fallback: boolean;
  features: string[];
  limits: Record<string, number>;
};

export type DeviceEvents = {
  /** An uncaptured WebGPU error (validation, out-of-memory, internal). */
  onError?: (message: string) => void;
  /** The device was lost; the engine cannot continue. */
  onLost?: (reason: string, message: string) => void;
};

/** The GPU device this backend ran on is gone (driver reset, crash, or destroyed); nothing more can run on it. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
  constructor(readonly reason: string) {
    super(`The GPU device was lost (${reason}); this run stopped here.`);
  }
}

export type AcquiredDevice = {
  adapter: GPUAdapter;
  device: GPUDevice;
  info: DeviceInfo;
  /** Destroys the device on purpose: unlike any other loss (a crash, a driver reset, device.destroy() elsewhere), it is not reported. */
  release(): void;
};

/** Why WebGPU is not available here, in words a user can act on, or null when it is. */
export function webgpuMissingReason(): string | null {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    return 'This browser does not expose WebGPU (navigator.gpu is missing). Use a recent Chrome, Edge or Safari, or Firefox with WebGPU enabled.';
  }
  return null;
}

const LIMIT_NAMES = [
  'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupsPerDimension', 'maxStorageBuffersPerShaderStage',
] as const;

/** Requests an adapter and a device with the adapter's largest buffer limits. */
export async function acquireDevice(events: DeviceEvents = {}): Promise<AcquiredDevice> {
  const missing = webgpuMissingReason();
  if (missing) throw new Error(missing);
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('WebGPU is exposed but no adapter was found (the GPU may be blocklisted or disabled).');
  const requiredLimits: Record<string, number> = {};
  for (const name of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup'] as const) {
    requiredLimits[name] = adapter.limits[name];
  }
  const device = await adapter.requestDevice({ requiredLimits });
  device.addEventListener('uncapturederror', (ev) => {
    const err = (ev as GPUUncapturedErrorEvent).error;
    events.onError?.(`${err.constructor?.name ?? 'GPUError'}: ${err.message}`);
  });
  let released = false;
  void device.lost.then((l) => {
    if (!released) events.onLost?.(l.reason, l.message);
  });
  const ai = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const limits: Record<string, number> = {};
  for (const n of LIMIT_NAMES) limits[n] = device.limits[n];
  const info: DeviceInfo = {
    vendor: ai.vendor || 'unknown',
    architecture: ai.architecture || 'unknown',
    description: ai.description || '',
    fallback: !!(ai.isFallbackAdapter ?? legacyFallback) || /swiftshader/i.test(`${ai.architecture} ${ai.description}`),
    features: [...adapter.features].sort(),
    limits,
  };
  const release = () => {
    released = true;
    device.destroy();
  };
  return { adapter, device, info, release };
}
