// Reuses GPU storage buffers by size so a training loop does not allocate every step; counts what it holds for Diagnostics.


/** Rounds a byte size up to a size class (multiples of 256 B below 64 KiB, then powers of two / 4). */
export function sizeClass(bytes: number): number {
  const b = Math.max(16, bytes);
  if (b <= 65536) return Math.ceil(b / 256) * 256;
  const p = 2 ** Math.floor(Math.log2(b));
  const step = p / 4;
  return Math.ceil(b / step) * step;
}

/** What the pool holds: idle buffers kept for reuse, and every storage buffer it created and has not destroyed. */
export type BufferPoolStats = { pooledBuffers: number; pooledBytes: number; allocatedBuffers: number; allocatedBytes: number };

/** The most bytes of idle buffers the pool keeps; beyond it, released buffers are destroyed. */
export const MAX_POOLED_BYTES = 256 * 2 ** 20;

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pooledBytes = 0;
  private pooledBuffers = 0;
  private allocatedBuffers = 0;
  private allocatedBytes = 0;

  /**
   * `maxBufferBytes`: no size class is rounded past it, so a tensor that fits the device's limits
   * never gets a buffer that does not.
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly maxPooledBytes = MAX_POOLED_BYTES,
    private readonly maxBufferBytes = Infinity,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = Math.max(Math.min(sizeClass(bytes), this.maxBufferBytes), bytes);
    const list = this.free.get(size);
    const buf = list?.pop();
    if (buf) {
      this.pooledBytes -= size;
      this.pooledBuffers--;
      return buf;
    }
    this.allocatedBuffers++;
    this.allocatedBytes += size;
    return this.device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  }

  release(buf: GPUBuffer): void {
    if (this.pooledBytes + buf.size > this.maxPooledBytes) {
      this.destroy(buf);
      return;
    }
    let list = this.free.get(buf.size);
    if (!list) this.free.set(buf.size, (list = []));
    list.push(buf);
    this.pooledBytes += buf.size;
    this.pooledBuffers++;
  }

  clear(): void {
    for (const list of this.free.values()) for (const b of list) this.destroy(b);
    this.free.clear();
    this.pooledBytes = 0;
    this.pooledBuffers = 0;
  }

  stats(): BufferPoolStats {
    return { pooledBuffers: this.pooledBuffers, pooledBytes: this.pooledBytes, allocatedBuffers: this.allocatedBuffers, allocatedBytes: this.allocatedBytes };
  }

  private destroy(buf: GPUBuffer): void {
    this.allocatedBuffers--;
    this.allocatedBytes -= buf.size;
    buf.destroy();
  }
}
