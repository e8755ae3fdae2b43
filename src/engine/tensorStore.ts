// Tensor bookkeeping shared by both backends: ids, storage lookup, tidy frames, live count.
import type { BackendKind, Shape, Tensor } from './backend';

class TensorHandle implements Tensor {
  constructor(
    readonly id: number,
    readonly backend: BackendKind,
    readonly batch: number,
    readonly rows: number,
    readonly cols: number,
  ) {}
}

/**
 * Owns every tensor a backend creates. `S` is the backend's storage (a Float64Array or a
 * GPU buffer). `release` is called exactly once per freed tensor.
 */
export class TensorStore<S> {
  private nextId = 1;
  private readonly storage = new Map<number, S>();
  private readonly frames: Set<number>[] = [];

  constructor(
    private readonly kind: BackendKind,
    private readonly release: (s: S) => void,
  ) {}

  create(shape: Shape, s: S): Tensor {
    const t = new TensorHandle(this.nextId++, this.kind, shape.batch, shape.rows, shape.cols);
    this.storage.set(t.id, s);
    this.frames[this.frames.length - 1]?.add(t.id);
    return t;
  }

  get(t: Tensor, what = 'tensor'): S {
    if (!t || t.backend !== this.kind) {
      throw new TypeError(`${what}: expected a ${this.kind} tensor, got ${t ? t.backend + ' tensor' : String(t)}`);
    }
    const s = this.storage.get(t.id);
    if (s === undefined) throw new Error(`${what}: tensor #${t.id} was already disposed`);
    return s;
  }

  dispose(t: Tensor): void {
    const s = this.get(t, 'dispose');
    this.storage.delete(t.id);
    for (const f of this.frames) f.delete(t.id);
    this.release(s);
  }

  keep<T extends Tensor>(t: T): T {
    for (const f of this.frames) f.delete(t.id);
    return t;
  }

  tidy<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError('tidy expects a synchronous function');
    const frame = new Set<number>();
    this.frames.push(frame);
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) throw new TypeError('tidy expects a synchronous function; read tensors outside it');
    } catch (e) {
      this.frames.pop();
      this.freeFrame(frame, new Set());
      throw e;
    }
    this.frames.pop();
    const kept = new Set<number>();
    collectTensorIds(result, kept);
    this.freeFrame(frame, kept);
    // Kept tensors now belong to the enclosing frame, if any.
    const outer = this.frames[this.frames.length - 1];
    if (outer) for (const id of kept) if (this.storage.has(id)) outer.add(id);
    return result;
  }

  live(): number {
    return this.storage.size;
  }

  disposeAll(): void {
    for (const s of this.storage.values()) this.release(s);
    this.storage.clear();
  }

  private freeFrame(frame: Set<number>, kept: Set<number>): void {
    for (const id of frame) {
      if (kept.has(id)) continue;
      const s = this.storage.get(id);
      if (s === undefined) continue;
      this.storage.delete(id);
      this.release(s);
    }
  }
}

function collectTensorIds(v: unknown, out: Set<number>, depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > 4) return;
  if (v instanceof TensorHandle) {
    out.add(v.id);
    return;
  }
  if (ArrayBuffer.isView(v)) return;
  if (Array.isArray(v)) {
    for (const x of v) collectTensorIds(x, out, depth + 1);
    return;
  }
  for (const x of Object.values(v as Record<string, unknown>)) collectTensorIds(x, out, depth + 1);
}
