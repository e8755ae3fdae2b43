// The WebGPU backend: tensors in pooled storage buffers, kernels from shaders/, one readback path.
import {
  broadcastKind, ELEMENTWISE_OPS, fullShape, matmulShape, REDUCE_OPS, reduceShape, sizeOf,
  type BackendOps, type ElementwiseOp, type MatmulOptions, type ReduceAxis, type ReduceOp, type Shape, type Tensor,
} from '../backend';
import { checkSlice } from '../cpu/cpuBackend';
import { defaultScalars, usesB } from '../cpu/elementwise';
import { TensorStore } from '../tensorStore';
import { BufferPool, type BufferPoolStats } from './bufferPool';
import { checkBufferFits } from './deviceLimits';
import { DeviceLostError, type AcquiredDevice, type DeviceInfo } from './device';
import { planMatmul, SPLITK_PARAMS, SPLITK_REDUCE } from './matmulKernels';
import { composeWgsl } from './composeWgsl';
import { flatLaunch, type FlatKernel } from './flatDispatch';
import { PipelineCache } from './pipelineCache';
import { packUniforms, uniformLayout, type Uniforms } from './uniformLayout';
import elementwiseWgsl from '../../../shaders/common/elementwise.wgsl?raw';
import reduceWgsl from '../../../shaders/common/reduce.wgsl?raw';
import copyWgsl from '../../../shaders/common/copy.wgsl?raw';
import flatIndexWgsl from '../../../shaders/common/snippets/flat_index.wgsl?raw';

type Stored = { buffer: GPUBuffer; bytes: number };

const ELEMENTWISE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/common/elementwise.wgsl'] }, {
  total: 'u32', rows: 'u32', cols: 'u32', bBatchStride: 'u32', alpha: 'f32', beta: 'f32',
});
const REDUCE_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/common/reduce.wgsl'] }, {
  rows: 'u32', cols: 'u32', groups: 'u32', count: 'u32', groupStride: 'u32', elemStride: 'u32', batchStride: 'u32', outputs: 'u32',
});
const COPY_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/common/copy.wgsl'] }, {
  rows: 'u32', cols: 'u32', outRows: 'u32', outCols: 'u32', r0: 'u32', c0: 'u32', total: 'u32',
});
const ELEMENTWISE_CODE = composeWgsl(flatIndexWgsl, elementwiseWgsl);
const REDUCE_CODE = composeWgsl(flatIndexWgsl, reduceWgsl);
const COPY_CODE = composeWgsl(flatIndexWgsl, copyWgsl);

export class WebGpuBackend implements BackendOps {
  readonly kind = 'webgpu' as const;
  readonly precision = 'f32' as const;
  readonly limits;
  readonly device: GPUDevice;
  /** The adapter's facts; planners choose kernels by `info.fallback` (replaced only by `planAs`). */
  info: DeviceInfo;
  private readonly pool: BufferPool;
  private readonly store: TensorStore<Stored>;
  readonly pipelines: PipelineCache;
  /** Uniform buffers free for reuse, by size. */
  private readonly freeUniforms = new Map<number, GPUBuffer[]>();
  /** Uniform buffers the open encoder's passes read; free again once it is submitted. */
  private pendingUniforms: GPUBuffer[] = [];
  /** The open command encoder: dispatches of one synchronous stretch of work share one submit. */
  private encoder: GPUCommandEncoder | null = null;
  private flushQueued = false;
  /** Number of queue submits so far (work is batched: many dispatches per submit). */
  submits = 0;
  private destroyed = false;
  /** Why the device was lost, once it was: every later operation throws DeviceLostError with it. */
  private lostReason: string | null = null;
  private readonly release: () => void;
  /** Number of GPU→CPU readbacks so far (benchmarks report it per training step). */
  readbacks = 0;
  /** Number of compute passes encoded so far (benchmarks and tests count them per iteration). */
  dispatches = 0;

  constructor(acq: AcquiredDevice, onError: (message: string) => void) {
    this.device = acq.device;
    this.info = acq.info;
    this.release = acq.release;
    this.pipelines = new PipelineCache(this.device, onError);
    this.limits = {
      maxBufferBytes: Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize),
      maxWorkgroupStorageBytes: this.device.limits.maxComputeWorkgroupStorageSize,
      maxInvocations: this.device.limits.maxComputeInvocationsPerWorkgroup,
    };
    this.pool = new BufferPool(this.device, undefined, this.limits.maxBufferBytes);
    this.store = new TensorStore<Stored>('webgpu', (s) => this.pool.release(s.buffer));
  }

  // ---- memory ----

  private alloc(shape: Shape): Tensor {
    this.checkAlive();
    const bytes = sizeOf(shape) * 4;
    // refused here, before the buffer exists and before any pass that would use it is encoded
    checkBufferFits(bytes, `a ${shape.batch}×${shape.rows}×${shape.cols} tensor`, this.device.limits);
    return this.store.create(shape, { buffer: this.pool.acquire(bytes), bytes });
  }

  /** The storage buffer behind a tensor, for kernels defined outside this file. */
  buffer(t: Tensor, what = 'tensor'): GPUBuffer {
    return this.store.get(t, what).buffer;
  }

  /** A new uninitialized tensor, for kernels defined outside this file. */
  empty(shape: Partial<Shape> & { rows: number; cols: number }): Tensor {
    return this.alloc(fullShape(shape));
  }

  upload(data: ArrayLike<number>, shape: Partial<Shape> & { rows: number; cols: number }): Tensor {
    const s = fullShape(shape);
    if (data.length !== sizeOf(s)) throw new RangeError(`upload: ${data.length} numbers for shape ${s.batch}×${s.rows}×${s.cols}`);
    const t = this.alloc(s);
    if (data.length) {
      const f = data instanceof Float32Array ? data : Float32Array.from(data);
      // a pooled buffer may still be read by queued passes: submit them before the queue write
      this.flush();
      this.device.queue.writeBuffer(this.buffer(t), 0, f.buffer, f.byteOffset, f.byteLength);
    }
    return t;
  }

  fill(shape: Partial<Shape> & { rows: number; cols: number }, value: number): Tensor {
    const s = fullShape(shape);
    const t = this.alloc(s);
    const n = sizeOf(s);
    if (n) {
      if (value === 0) {
        this.commandEncoder().clearBuffer(this.buffer(t), 0, n * 4);
      } else {
        const f = new Float32Array(n).fill(value);
        this.flush();
        this.device.queue.writeBuffer(this.buffer(t), 0, f);
      }
    }
    return t;
  }

  async read(t: Tensor): Promise<Float64Array> {
    const { buffer, bytes } = this.store.get(t, 'read');
    if (bytes === 0) return new Float64Array(0);
    const staging = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.commandEncoder().copyBufferToBuffer(buffer, 0, staging, 0, bytes);
    this.flush();
    this.readbacks++;
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (e) {
      staging.destroy();
      // a lost device fails the map before device.lost may have been reported: give it a moment, so the reason is the loss
      const lost = await Promise.race([this.device.lost, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
      if (lost) this.markLost(`${lost.reason}${lost.message ? `: ${lost.message}` : ''}`);
      this.checkAlive();
      throw new Error(`reading a tensor back from the GPU failed: ${(e as Error).message}`);
    }
    const out = Float64Array.from(new Float32Array(staging.getMappedRange()));
    staging.unmap();
    staging.destroy();
    return out;
  }

  dispose(t: Tensor): void { this.store.dispose(t); }
  tidy<T>(fn: () => T): T { return this.store.tidy(fn); }
  keep<T extends Tensor>(t: T): T { return this.store.keep(t); }
  liveTensors(): number { return this.store.live(); }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.flush();
    this.store.disposeAll();
    this.pool.clear();
    for (const list of this.freeUniforms.values()) for (const u of list) u.destroy();
    this.release();
  }

  /**
   * Records that the device was lost (the engine host calls it from device.lost). Work already
   * encoded is gone; the next operation or read throws DeviceLostError instead of computing garbage.
   */
  markLost(reason: string): void {
    this.lostReason ??= reason;
    this.encoder = null;
  }

  /** The DeviceLostError every operation now throws, or null while the device is alive. */
  lostError(): DeviceLostError | null {
    return this.lostReason === null ? null : new DeviceLostError(this.lostReason);
  }

  /**
   * Recording hook: plan kernels as a software adapter or a hardware GPU would, whatever this one is,
   * so `npm run record-pipelines` can list both classes' pipelines from one machine. Results stay correct.
   */
  planAs(adapter: 'software' | 'hardware'): void {
    this.info = { ...this.info, fallback: adapter === 'software' };
  }

  /** The buffer pool's figures (idle and allocated buffers and bytes), for Diagnostics and the soak test. */
  poolStats(): BufferPoolStats { return this.pool.stats(); }

  private checkAlive(): void {
    if (this.lostReason !== null) throw new DeviceLostError(this.lostReason);
  }

  // ---- dispatch ----

  /**
   * The open command encoder, for copies and passes defined outside this file. Everything
   * encoded in one synchronous stretch is submitted together at the next microtask, or earlier
   * by `flush` (reads and queue writes flush first, so queue order always matches call order).
   */
  commandEncoder(): GPUCommandEncoder {
    this.checkAlive();
    if (this.destroyed) throw new Error('the WebGPU device was destroyed; reload the page');
    if (!this.encoder) {
      this.encoder = this.device.createCommandEncoder();
      if (!this.flushQueued) {
        this.flushQueued = true;
        queueMicrotask(() => {
          this.flushQueued = false;
          this.flush();
        });
      }
    }
    return this.encoder;
  }

  /** Submits the open encoder, if any. */
  flush(): void {
    if (!this.encoder || this.lostReason !== null) return;
    const enc = this.encoder;
    this.encoder = null;
    this.device.queue.submit([enc.finish()]);
    this.submits++;
    // Later uniform writes are queued after this submit, so these buffers are free again.
    for (const u of this.pendingUniforms) {
      let list = this.freeUniforms.get(u.size);
      if (!list) this.freeUniforms.set(u.size, (list = []));
      list.push(u);
    }
    this.pendingUniforms = [];
  }

  /**
   * Encodes one compute pass into the open encoder. `storage` are the storage buffers in binding
   * order; the uniform block, named fields of its checked layout (`LAYOUT.of({ rows, cols, … })`), takes the next binding.
   */
  dispatch(
    pipeline: GPUComputePipeline,
    storage: GPUBuffer[],
    uniform: Uniforms,
    groups: [number, number?, number?],
  ): void {
    const enc = this.commandEncoder();
    this.dispatches++;
    const u = this.uniformBuffer(uniform);
    const entries: GPUBindGroupEntry[] = storage.map((buffer, i) => ({ binding: i, resource: { buffer } }));
    entries.push({ binding: storage.length, resource: { buffer: u } });
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    pass.end();
  }

  /**
   * Encodes a flat kernel over `total` items (see flatDispatch.ts): the workgroup size is the kernel's WG_SIZE
   * override and the grid is split over x and y (and repeated `batch` times along z); nothing is encoded for 0 items.
   */
  dispatchFlat(kernel: FlatKernel, storage: GPUBuffer[], uniform: Uniforms, total: number, batch = 1): void {
    if (total === 0 || batch === 0) return;
    const launch = flatLaunch(kernel, total, this.device.limits.maxComputeWorkgroupsPerDimension, batch);
    this.dispatch(this.pipelines.get(launch.pipeline), storage, uniform, launch.groups);
  }

  private uniformBuffer(uniforms: Uniforms): GPUBuffer {
    const data = packUniforms(uniforms);
    const size = data.byteLength;
    // Each pass of the open encoder gets its own uniform buffer; it is recycled after the submit.
    const u = this.freeUniforms.get(size)?.pop() ?? this.device.createBuffer({ size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(u, 0, data);
    this.pendingUniforms.push(u);
    return u;
  }

  // ---- kernels ----

  matmul(a: Tensor, b: Tensor, o: MatmulOptions = {}): Tensor {
    const bufA = this.buffer(a, 'matmul A');
    const bufB = this.buffer(b, 'matmul B');
    const s = matmulShape(a, b, o);
    const out = this.alloc({ batch: s.batch, rows: s.rows, cols: s.cols });
    const total = sizeOf(s);
    if (total === 0) return out;
    if (s.k === 0) {
      this.clear(out);
      return out;
    }
    const plan = planMatmul(
      { batch: s.batch, m: s.rows, k: s.k, n: s.cols, transA: !!o.transA, transB: !!o.transB, batchA: a.batch, batchB: b.batch },
      { fallback: this.info.fallback, maxBufferBytes: this.limits.maxBufferBytes },
    );
    // Split-k writes its partial products to a scratch buffer that goes back to the pool once the
    // second pass is queued; queue order keeps any later reuse behind it.
    if (plan.splits > 1) {
      try {
        checkBufferFits(total * plan.splits * 4, `matmul's split-k scratch (${plan.splits} × ${s.rows}×${s.cols})`, this.device.limits);
      } catch (e) {
        this.dispose(out);
        throw e;
      }
    }
    const target = plan.splits > 1 ? this.pool.acquire(total * plan.splits * 4) : this.buffer(out);
    this.dispatch(this.pipelines.get(plan.pipeline), plan.swap ? [bufB, bufA, target] : [bufA, bufB, target], plan.uniforms, plan.groups);
    if (plan.splits > 1) {
      this.dispatchFlat(SPLITK_REDUCE, [target, this.buffer(out)], SPLITK_PARAMS.of({
        total, mn: s.rows * s.cols, splits: plan.splits, alpha: 1,
      }), total);
      this.pool.release(target);
    }
    return out;
  }

  private clear(t: Tensor): void {
    this.commandEncoder().clearBuffer(this.buffer(t), 0, sizeOf(t) * 4);
  }

  elementwise(op: ElementwiseOp, a: Tensor, b?: Tensor | null, alpha?: number, beta?: number): Tensor {
    const bufA = this.buffer(a, `elementwise ${op} A`);
    const needB = usesB(op);
    if (needB && !b) throw new TypeError(`elementwise ${op}: needs a second operand`);
    const bc = needB ? broadcastKind(a, b) : 'none';
    const bufB = needB && b ? this.buffer(b, `elementwise ${op} B`) : bufA;
    const [da, db] = defaultScalars(op);
    const out = this.alloc(fullShape(a));
    const total = sizeOf(a);
    if (total === 0) return out;
    const kernel = {
      name: 'elementwise',
      code: ELEMENTWISE_CODE,
      constants: { OP: ELEMENTWISE_OPS.indexOf(op), BCAST: ['none', 'same', 'scalar', 'row', 'col'].indexOf(bc) },
    };
    const bStride = b && needB && b.batch > 1 ? b.rows * b.cols : 0;
    this.dispatchFlat(kernel, [bufA, bufB, this.buffer(out)], ELEMENTWISE_PARAMS.of({
      total, rows: a.rows, cols: a.cols, bBatchStride: bStride, alpha: clampF32(alpha ?? da), beta: clampF32(beta ?? db),
    }), total);
    return out;
  }

  reduce(op: ReduceOp, a: Tensor, axis: ReduceAxis): Tensor {
    const bufA = this.buffer(a, `reduce ${op}`);
    const s = reduceShape(a, axis);
    const out = this.alloc(s);
    const outputs = sizeOf(s);
    if (outputs === 0) return out;
    const { rows, cols } = a;
    const groups = axis === 'perRow' ? rows : axis === 'perCol' ? cols : 1;
    const count = axis === 'perRow' ? cols : axis === 'perCol' ? rows : rows * cols;
    const groupStride = axis === 'perRow' ? cols : axis === 'perCol' ? 1 : 0;
    const elemStride = axis === 'perCol' ? cols : 1;
    // Short lines (and every line on a software adapter, where barriers are slow) go one invocation
    // per output, 64 to a workgroup; long lines get a 256-wide workgroup each.
    const serial = count <= 64 || (this.info.fallback && count <= 4096);
    const kernel = serial
      ? { name: 'reduce', code: REDUCE_CODE, entryPoint: 'serial', workgroupSize: 64, constants: { OP: REDUCE_OPS.indexOf(op) } }
      : { name: 'reduce', code: REDUCE_CODE, entryPoint: 'main', perWorkgroup: true, constants: { OP: REDUCE_OPS.indexOf(op) } };
    this.dispatchFlat(kernel, [bufA, this.buffer(out)], REDUCE_PARAMS.of({
      rows, cols, groups, count, groupStride, elemStride, batchStride: rows * cols, outputs,
    }), outputs);
    return out;
  }

  transpose(a: Tensor): Tensor {
    const out = this.alloc({ batch: a.batch, rows: a.cols, cols: a.rows });
    this.copyKernel('transpose', a, out, 0, 0);
    return out;
  }

  slice(a: Tensor, r0: number, c0: number, rows: number, cols: number): Tensor {
    checkSlice(a, r0, c0, rows, cols);
    const out = this.alloc({ batch: a.batch, rows, cols });
    this.copyKernel('slice', a, out, r0, c0);
    return out;
  }

  private copyKernel(entryPoint: 'transpose' | 'slice', a: Tensor, out: Tensor, r0: number, c0: number): void {
    const total = sizeOf(out);
    if (total === 0) return;
    this.dispatchFlat({ name: 'copy', code: COPY_CODE, entryPoint }, [this.buffer(a, entryPoint), this.buffer(out)], COPY_PARAMS.of({
      rows: a.rows, cols: a.cols, outRows: out.rows, outCols: out.cols, r0, c0, total,
    }), total);
  }
}

/** f32 cannot hold ±Infinity usefully in a uniform for clamp; map to the largest finite f32. */
function clampF32(x: number): number {
  if (x === Infinity) return 3.4e38;
  if (x === -Infinity) return -3.4e38;
  return x;
}
