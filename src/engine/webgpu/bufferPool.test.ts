// The buffer pool with a fake device: size classes never pass the device limit, and the counts say what is idle and what exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferPool, MAX_POOLED_BYTES, sizeClass } from './bufferPool';

type FakeBuffer = { size: number; destroyed: boolean; destroy(): void };

/** A device whose buffers only remember their size and whether they were destroyed. */
function fakeDevice() {
  const made: FakeBuffer[] = [];
  const device = {
    createBuffer: ({ size }: { size: number }) => {
      const b: FakeBuffer = { size, destroyed: false, destroy: () => void (b.destroyed = true) };
      made.push(b);
      return b;
    },
  };
  return { device: device as unknown as GPUDevice, made };
}

beforeAll(() => {
  (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage = { STORAGE: 0x80, COPY_SRC: 0x4, COPY_DST: 0x8 };
});
afterAll(() => {
  delete (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage;
});

describe('BufferPool', () => {
  it('reuses a released buffer of the same size class and counts idle and allocated bytes', () => {
    const { device, made } = fakeDevice();
    const pool = new BufferPool(device);
    const a = pool.acquire(1000);
    expect(a.size).toBe(1024);
    expect(pool.stats()).toEqual({ pooledBuffers: 0, pooledBytes: 0, allocatedBuffers: 1, allocatedBytes: 1024 });
    pool.release(a);
    expect(pool.stats()).toEqual({ pooledBuffers: 1, pooledBytes: 1024, allocatedBuffers: 1, allocatedBytes: 1024 });
    expect(pool.acquire(900)).toBe(a);
    expect(made).toHaveLength(1);
    pool.release(a);
    pool.clear();
    expect(pool.stats()).toEqual({ pooledBuffers: 0, pooledBytes: 0, allocatedBuffers: 0, allocatedBytes: 0 });
    expect(made[0].destroyed).toBe(true);
  });

  it('destroys released buffers beyond the idle cap instead of keeping them', () => {
    const { device } = fakeDevice();
    const pool = new BufferPool(device, 4096);
    const bufs = [pool.acquire(2048), pool.acquire(2048), pool.acquire(2048)];
    for (const b of bufs) pool.release(b);
    expect(pool.stats()).toEqual({ pooledBuffers: 2, pooledBytes: 4096, allocatedBuffers: 2, allocatedBytes: 4096 });
    expect((bufs[2] as unknown as FakeBuffer).destroyed).toBe(true);
    expect(MAX_POOLED_BYTES).toBe(256 * 2 ** 20);
  });

  it('never rounds a size class past the device limit, so a tensor that fits gets a buffer that fits', () => {
    const { device } = fakeDevice();
    const limit = 100 * 2 ** 20; // not a size class: 100 MiB rounds up to 112 MiB
    const bytes = limit - 4;
    expect(sizeClass(bytes)).toBeGreaterThan(limit);
    expect(new BufferPool(device, MAX_POOLED_BYTES, limit).acquire(bytes).size).toBe(limit);
    expect(new BufferPool(device).acquire(bytes).size).toBe(sizeClass(bytes));
  });
});
