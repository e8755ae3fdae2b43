// The float64 arrays of freed cpu tensors, kept for the next tensor of the same length, so a run's steps do not make (and the garbage collector sweep) an ArrayBuffer per operation.

/**
 * How many bytes of freed arrays a pool keeps at most; an array given back beyond it is left to the garbage
 * collector. Enough for a step's worth of the pages' tensors (a 256×256 matrix is 512 KiB).
 */
export const MAX_POOLED_BYTES = 32 * 2 ** 20;

/**
 * Freed arrays by length. Without it, a quick run on the cpu backend made an ArrayBuffer for every operation of
 * every step, and sweeping them took the worker's garbage collector most of a second core: in a trace of hydra's
 * quick run (2-core machine) its background threads spent 2.3 s of a 6.3 s run sweeping ArrayBuffers, competing
 * with the page's main thread; with the pool, 0.45 s of a 3.0 s run.
 */
export class Float64Pool {
  private readonly free = new Map<number, Float64Array[]>();
  private bytes = 0;
  /** Arrays made new (not taken from the pool), for tests. */
  created = 0;

  constructor(private readonly maxBytes = MAX_POOLED_BYTES) {}

  /**
   * An array of `length` numbers: a freed one (filled with NaN: the caller writes every element it keeps), or a
   * new one (zeros).
   */
  take(length: number): Float64Array {
    const kept = this.free.get(length)?.pop();
    if (kept) {
      this.bytes -= kept.byteLength;
      return kept;
    }
    this.created++;
    return new Float64Array(length);
  }

  /**
   * Keeps `a`, which no tensor uses any more, for a later take. It is filled with NaN first: a view of it kept past
   * its tensor's dispose then reads NaN (which the pages' divergence checks and the tests see), never the numbers
   * of the tensor that takes it next. Past maxBytes it is left to the garbage collector.
   */
  give(a: Float64Array): void {
    a.fill(NaN);
    if (a.length === 0 || this.bytes + a.byteLength > this.maxBytes) return;
    let list = this.free.get(a.length);
    if (!list) this.free.set(a.length, (list = []));
    list.push(a);
    this.bytes += a.byteLength;
  }

  /** Bytes kept now. */
  pooledBytes(): number {
    return this.bytes;
  }

  /** Lets every kept array go. */
  clear(): void {
    this.free.clear();
    this.bytes = 0;
  }
}
