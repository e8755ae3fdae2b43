// The float64 cpu backend: the fallback without WebGPU and the oracle every kernel is tested against.
import {
  broadcastKind, fullShape, matmulShape, reduceShape, sizeOf,
  type BackendOps, type ElementwiseOp, type MatmulOptions, type ReduceAxis, type ReduceOp, type Shape, type Tensor,
} from '../backend';
import { TensorStore } from '../tensorStore';
import { defaultScalars, elementwiseReference, usesB } from './elementwise';
import { Float64Pool } from './float64Pool';

type Stored = { shape: Shape; data: Float64Array };

export class CpuBackend implements BackendOps {
  readonly kind = 'cpu' as const;
  readonly precision = 'f64' as const;
  readonly limits = { maxBufferBytes: 2 ** 31, maxWorkgroupStorageBytes: Infinity, maxInvocations: Infinity };
  /** Freed tensors' arrays, reused by the next tensors of their length (every op below writes all of its output). */
  private readonly pool = new Float64Pool();
  private readonly store = new TensorStore<Stored>('cpu', (s) => this.pool.give(s.data));

  upload(data: ArrayLike<number>, shape: Partial<Shape> & { rows: number; cols: number }): Tensor {
    const s = fullShape(shape);
    if (data.length !== sizeOf(s)) {
      throw new RangeError(`upload: ${data.length} numbers for shape ${s.batch}×${s.rows}×${s.cols}`);
    }
    const out = this.pool.take(data.length);
    out.set(data);
    return this.store.create(s, { shape: s, data: out });
  }

  fill(shape: Partial<Shape> & { rows: number; cols: number }, value: number): Tensor {
    const s = fullShape(shape);
    return this.store.create(s, { shape: s, data: this.pool.take(sizeOf(s)).fill(value) });
  }

  /**
   * Direct access to a tensor's numbers, for cpu-only code paths: valid until the tensor is disposed (its array then
   * goes back to the pool, filled with NaN, for a later tensor).
   */
  view(t: Tensor): Float64Array {
    return this.store.get(t).data;
  }

  async read(t: Tensor): Promise<Float64Array> {
    return this.store.get(t, 'read').data.slice();
  }

  dispose(t: Tensor): void { this.store.dispose(t); }
  tidy<T>(fn: () => T): T { return this.store.tidy(fn); }
  keep<T extends Tensor>(t: T): T { return this.store.keep(t); }
  liveTensors(): number { return this.store.live(); }
  destroy(): void {
    this.store.disposeAll();
    this.pool.clear();
  }
  /** Arrays this backend has made new for tensors (the rest were freed tensors' arrays, reused), for tests. */
  arraysCreated(): number { return this.pool.created; }

  matmul(a: Tensor, b: Tensor, o: MatmulOptions = {}): Tensor {
    const A = this.store.get(a, 'matmul A').data;
    const B = this.store.get(b, 'matmul B').data;
    const s = matmulShape(a, b, o);
    const { rows: m, cols: n, k, batch } = s;
    const out = this.pool.take(batch * m * n);
    const ta = !!o.transA, tb = !!o.transB;
    for (let z = 0; z < batch; z++) {
      const ao = (a.batch === 1 ? 0 : z) * a.rows * a.cols;
      const bo = (b.batch === 1 ? 0 : z) * b.rows * b.cols;
      const co = z * m * n;
      for (let i = 0; i < m; i++) {
        // each output row is summed in place (a pooled array holds NaN until written)
        const r = co + i * n;
        out.fill(0, r, r + n);
        for (let p = 0; p < k; p++) {
          const av = ta ? A[ao + p * a.cols + i] : A[ao + i * a.cols + p];
          if (av === 0) continue;
          if (tb) for (let j = 0; j < n; j++) out[r + j] += av * B[bo + j * b.cols + p];
          else {
            const bRow = bo + p * b.cols;
            for (let j = 0; j < n; j++) out[r + j] += av * B[bRow + j];
          }
        }
      }
    }
    const shape = { batch, rows: m, cols: n };
    return this.store.create(shape, { shape, data: out });
  }

  elementwise(op: ElementwiseOp, a: Tensor, b?: Tensor | null, alpha?: number, beta?: number): Tensor {
    const A = this.store.get(a, `elementwise ${op} A`).data;
    const needB = usesB(op);
    if (needB && !b) throw new TypeError(`elementwise ${op}: needs a second operand`);
    const bc = needB ? broadcastKind(a, b) : 'none';
    const B = needB && b ? this.store.get(b, `elementwise ${op} B`).data : null;
    const [da, db] = defaultScalars(op);
    const al = alpha ?? da, be = beta ?? db;
    const { batch, rows, cols } = a;
    const out = this.pool.take(A.length);
    const bBatchStride = b && b.batch > 1 ? b.rows * b.cols : 0;
    for (let z = 0; z < batch; z++) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const idx = (z * rows + i) * cols + j;
          let bv = 0;
          if (B) {
            const base = z * bBatchStride;
            bv = bc === 'same' ? B[base + i * cols + j] : bc === 'scalar' ? B[base] : bc === 'row' ? B[base + j] : B[base + i];
          }
          out[idx] = elementwiseReference(op, A[idx], bv, al, be);
        }
      }
    }
    const shape = { batch, rows, cols };
    return this.store.create(shape, { shape, data: out });
  }

  reduce(op: ReduceOp, a: Tensor, axis: ReduceAxis): Tensor {
    const A = this.store.get(a, `reduce ${op}`).data;
    const s = reduceShape(a, axis);
    const out = this.pool.take(sizeOf(s));
    const { rows, cols } = a;
    const vals: number[] = [];
    for (let z = 0; z < a.batch; z++) {
      const base = z * rows * cols;
      const groups = axis === 'perRow' ? rows : axis === 'perCol' ? cols : 1;
      for (let g = 0; g < groups; g++) {
        vals.length = 0;
        if (axis === 'perRow') for (let j = 0; j < cols; j++) vals.push(A[base + g * cols + j]);
        else if (axis === 'perCol') for (let i = 0; i < rows; i++) vals.push(A[base + i * cols + g]);
        else for (let i = 0; i < rows * cols; i++) vals.push(A[base + i]);
        out[z * groups + g] = reduceReference(op, vals);
      }
    }
    return this.store.create(s, { shape: s, data: out });
  }

  transpose(a: Tensor): Tensor {
    const A = this.store.get(a, 'transpose').data;
    const { batch, rows, cols } = a;
    const out = this.pool.take(A.length);
    for (let z = 0; z < batch; z++) {
      const o = z * rows * cols;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[o + j * rows + i] = A[o + i * cols + j];
    }
    const shape = { batch, rows: cols, cols: rows };
    return this.store.create(shape, { shape, data: out });
  }

  slice(a: Tensor, r0: number, c0: number, rows: number, cols: number): Tensor {
    const A = this.store.get(a, 'slice').data;
    checkSlice(a, r0, c0, rows, cols);
    const out = this.pool.take(a.batch * rows * cols);
    for (let z = 0; z < a.batch; z++) {
      for (let i = 0; i < rows; i++) {
        const src = z * a.rows * a.cols + (r0 + i) * a.cols + c0;
        out.set(A.subarray(src, src + cols), (z * rows + i) * cols);
      }
    }
    const shape = { batch: a.batch, rows, cols };
    return this.store.create(shape, { shape, data: out });
  }
}

/** Float64 reduction of a list of numbers; empty lists give the op's identity. */
export function reduceReference(op: ReduceOp, v: ArrayLike<number>): number {
  const n = v.length;
  switch (op) {
    case 'sum': { let s = 0; for (let i = 0; i < n; i++) s += v[i]; return s; }
    case 'sumSquares': { let s = 0; for (let i = 0; i < n; i++) s += v[i] * v[i]; return s; }
    case 'norm': return Math.sqrt(reduceReference('sumSquares', v));
    case 'max': { let m = -Infinity; for (let i = 0; i < n; i++) if (v[i] > m) m = v[i]; return m; }
    case 'min': { let m = Infinity; for (let i = 0; i < n; i++) if (v[i] < m) m = v[i]; return m; }
    case 'maxAbs': { let m = 0; for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(v[i])); return m; }
    case 'argmax': { let m = -Infinity, k = -1; for (let i = 0; i < n; i++) if (v[i] > m) { m = v[i]; k = i; } return k; }
    default: {
      const never: never = op;
      throw new Error(`unsupported reduce op: ${String(never)}`);
    }
  }
}

export function checkSlice(a: Shape, r0: number, c0: number, rows: number, cols: number): void {
  if (r0 < 0 || c0 < 0 || rows < 0 || cols < 0 || r0 + rows > a.rows || c0 + cols > a.cols) {
    throw new RangeError(`slice: block [${r0}, ${r0 + rows}) × [${c0}, ${c0 + cols}) is outside ${a.rows}×${a.cols}`);
  }
}
