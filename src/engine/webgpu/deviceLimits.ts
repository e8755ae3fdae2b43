// Refuses GPU buffers and pipelines that would exceed the adapter's limits, before anything is dispatched, with the size and the limit named.

/** The device limits this module checks against (a GPUSupportedLimits, or a fake in tests). */
export type CheckedLimits = {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
};

/** A size over one of the device's limits. The runner shows `message`; the fields are for callers that adapt. */
export class DeviceLimitError extends RangeError {
  override readonly name = 'DeviceLimitError';
  constructor(
    readonly what: string,
    readonly bytes: number,
    readonly limitName: keyof CheckedLimits,
    readonly limit: number,
  ) {
    super(
      `${what} needs ${formatBytes(bytes)}, over this device's ${limitName} of ${formatBytes(limit)}. ` +
        'Choose smaller sizes, or switch to the cpu backend, which has no such limit.',
    );
  }
}

/** Bytes in words: "1.00 GiB", "128 MiB", "3.0 KiB", "12 B". */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(2)} ${unit} (${bytes.toLocaleString('en')} bytes)`;
    }
  }
  return `${bytes} B`;
}

/**
 * Throws DeviceLimitError when a storage buffer of `bytes` cannot be created or bound. Both limits
 * apply to every tensor (each is bound whole as a storage buffer); the smaller one is named.
 */
export function checkBufferFits(bytes: number, what: string, limits: CheckedLimits): void {
  const binding = limits.maxStorageBufferBindingSize;
  const buffer = limits.maxBufferSize;
  const [limitName, limit] = binding <= buffer ? ['maxStorageBufferBindingSize', binding] as const : ['maxBufferSize', buffer] as const;
  if (bytes > limit) throw new DeviceLimitError(what, bytes, limitName, limit);
}

const SCALAR_BYTES: Record<string, number> = { f32: 4, u32: 4, i32: 4, f16: 2 };
// vec3 is aligned (and strided in arrays) like vec4
const VEC_BYTES: Record<string, number> = { '2': 2, '3': 4, '4': 4 };

/**
 * The workgroup memory a WGSL module declares: every `var<workgroup> x: array<T, N>` or scalar/vector,
 * with N a literal or an `override` constant (the pipeline's value, else the declared default) and T a scalar,
 * a vector or an `alias` of one.
 * Declarations of other shapes (structs, nested arrays) count zero; WebGPU's own validation still catches them.
 */
export function workgroupStorageBytes(code: string, constants: Record<string, number> = {}): number {
  const defaults = new Map<string, number>();
  for (const m of code.matchAll(/override\s+(\w+)\s*:\s*\w+\s*=\s*([0-9]+)u?\s*;/g)) defaults.set(m[1], Number(m[2]));
  const resolve = (n: string): number => {
    const lit = /^([0-9]+)u?$/.exec(n);
    if (lit) return Number(lit[1]);
    return constants[n] ?? defaults.get(n) ?? NaN;
  };
  // `alias LaneSum = vec3<f32>;` lets a snippet's workgroup array take the kernel's element type
  const aliases = new Map<string, string>();
  for (const m of code.matchAll(/alias\s+(\w+)\s*=\s*(vec[234]<\w+>|\w+)\s*;/g)) aliases.set(m[1], m[2]);
  const elementBytes = (name: string): number => {
    const t = aliases.get(name) ?? name;
    const vec = /^vec([234])<(\w+)>$/.exec(t);
    if (vec) return VEC_BYTES[vec[1]] * (SCALAR_BYTES[vec[2]] ?? NaN);
    return SCALAR_BYTES[t] ?? NaN;
  };
  let total = 0;
  for (const m of code.matchAll(/var\s*<\s*workgroup\s*>\s*\w+\s*:\s*(array<\s*(vec[234]<\w+>|\w+)\s*,\s*(\w+)\s*>|vec[234]<\w+>|\w+)\s*;/g)) {
    const bytes = m[2] ? elementBytes(m[2]) * resolve(m[3]) : elementBytes(m[1]);
    if (Number.isFinite(bytes)) total += bytes;
  }
  return total;
}

/** Throws DeviceLimitError when a pipeline's workgroup memory exceeds maxComputeWorkgroupStorageSize. */
export function checkWorkgroupStorage(code: string, constants: Record<string, number> | undefined, what: string, limits: CheckedLimits): void {
  const bytes = workgroupStorageBytes(code, constants);
  if (bytes > limits.maxComputeWorkgroupStorageSize) {
    throw new DeviceLimitError(what, bytes, 'maxComputeWorkgroupStorageSize', limits.maxComputeWorkgroupStorageSize);
  }
}
