// Device-limit checks with fake limits: the refusal names the size and the limit; workgroup memory is counted from the WGSL.
import { describe, expect, it } from 'vitest';
import { checkBufferFits, checkWorkgroupStorage, DeviceLimitError, formatBytes, workgroupStorageBytes } from './deviceLimits';
import { composedKernelFile } from '../../testing/wgslSources';

const LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20, maxComputeWorkgroupStorageSize: 16384 };
/** A kernel file as compiled, with the snippets it names. */
const shader = (path: string) => composedKernelFile(`shaders/${path}`);

describe('checkBufferFits', () => {
  it('accepts a buffer exactly at the smaller limit and refuses one byte more, naming size and limit', () => {
    expect(() => checkBufferFits(128 * 2 ** 20, 'a tensor', LIMITS)).not.toThrow();
    let err: unknown = null;
    try {
      checkBufferFits(128 * 2 ** 20 + 4, 'a 1×8192×4097 tensor', LIMITS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeviceLimitError);
    const e = err as DeviceLimitError;
    expect(e.name).toBe('DeviceLimitError');
    expect([e.bytes, e.limitName, e.limit]).toEqual([128 * 2 ** 20 + 4, 'maxStorageBufferBindingSize', 128 * 2 ** 20]);
    expect(e.message).toContain('a 1×8192×4097 tensor needs 128.00 MiB (134,217,732 bytes)');
    expect(e.message).toContain('maxStorageBufferBindingSize of 128 MiB (134,217,728 bytes)');
  });

  it('names maxBufferSize when that is the smaller limit', () => {
    const limits = { ...LIMITS, maxBufferSize: 64 * 2 ** 20 };
    expect(() => checkBufferFits(65 * 2 ** 20, 'x', limits)).toThrow(/maxBufferSize of 64 MiB/);
  });

  it('formats sizes in the unit that reads best', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(3 * 1024 + 512)).toBe('3.50 KiB (3,584 bytes)');
    expect(formatBytes(2 ** 30)).toBe('1 GiB (1,073,741,824 bytes)');
  });
});

describe('workgroupStorageBytes', () => {
  it('counts the project kernels: fixed arrays, vec3 strides and override sizes', () => {
    expect(workgroupStorageBytes(shader('common/matmul_tiled.wgsl'))).toBe(2 * 1024 * 4);
    expect(workgroupStorageBytes(shader('linalg/matrix_checks.wgsl'))).toBe(4 * 256 * 4);
    // array<f32, WG_SIZE>: WG_SIZE is the flat_index snippet's override
    expect(workgroupStorageBytes(shader('common/reduce.wgsl'))).toBe(2 * 256 * 4);
    expect(workgroupStorageBytes(shader('common/reduce.wgsl'), { WG_SIZE: 64 })).toBe(2 * 64 * 4);
    // lane_sum's array<LaneSum, WG> with LaneSum = vec3<f32>: 16-byte stride; WG defaults to 16 and follows the pipeline's constant
    expect(workgroupStorageBytes(shader('linalg/jacobi_svd.wgsl'))).toBe(16 * 16);
    expect(workgroupStorageBytes(shader('linalg/jacobi_svd.wgsl'), { WG: 256 })).toBe(256 * 16);
    expect(workgroupStorageBytes(shader('linalg/householder_qr.wgsl'), { WG: 128 })).toBe(128 * 4);
    expect(workgroupStorageBytes(shader('common/elementwise.wgsl'))).toBe(0);
  });

  it('refuses a pipeline whose workgroup memory is over the limit', () => {
    const code = 'override N: u32 = 64u;\nvar<workgroup> a: array<f32, N>;\nvar<workgroup> b: vec4<f32>;\n';
    expect(workgroupStorageBytes(code)).toBe(64 * 4 + 16);
    expect(() => checkWorkgroupStorage(code, { N: 4092 }, 'the toy kernel', LIMITS)).not.toThrow();
    expect(() => checkWorkgroupStorage(code, { N: 4093 }, 'the toy kernel', LIMITS)).toThrow(
      "the toy kernel needs 16.00 KiB (16,388 bytes), over this device's maxComputeWorkgroupStorageSize of 16 KiB (16,384 bytes)",
    );
  });
});
