// The Diagnostics self-test: every kernel on a backend against the float64 reference, with error and speed.
import { ELEMENTWISE_OPS, REDUCE_OPS, type Backend, type Tensor } from './backend';
import { CpuBackend } from './cpu/cpuBackend';
import { Rng } from '../data/rng';
import { readAndDispose } from './readback';

export type SelfTestRow = {
  kernel: string;
  backend: 'webgpu' | 'cpu';
  shape: string;
  /** max |got − ref| / max(1, max |ref|) */
  maxError: number;
  tolerance: number;
  /** Billions of floating-point operations per second (matmul only), else null. */
  gflops: number | null;
  ms: number;
  ok: boolean;
  error?: string;
};

type Case = {
  kernel: string;
  shape: string;
  flops?: number;
  tolerance: number;
  run: (be: Backend, inputs: Tensor[]) => Tensor;
  inputs: { rows: number; cols: number; batch?: number; positive?: boolean }[];
};

function cases(): Case[] {
  const list: Case[] = [];
  const mm = (m: number, k: number, n: number, transA = false, transB = false, batch = 1): Case => ({
    kernel: `matmul${transA ? ' Aᵀ' : ''}${transB ? ' Bᵀ' : ''}${batch > 1 ? ' batched' : ''}`,
    shape: `${batch > 1 ? batch + '×' : ''}${m}×${k}·${k}×${n}`,
    flops: 2 * m * k * n * batch,
    tolerance: 1e-5 * Math.sqrt(k) + 1e-6,
    inputs: [transA ? { rows: k, cols: m, batch } : { rows: m, cols: k, batch }, transB ? { rows: n, cols: k, batch } : { rows: k, cols: n, batch }],
    run: (be, [a, b]) => be.matmul(a, b, { transA, transB }),
  });
  list.push(mm(128, 128, 128), mm(67, 33, 101, true, false), mm(45, 70, 19, false, true), mm(31, 29, 37, true, true), mm(17, 9, 13, false, false, 4), mm(256, 64, 8));
  for (const op of ELEMENTWISE_OPS) {
    list.push({
      kernel: `elementwise ${op}`,
      shape: '37×53 with 1×53',
      tolerance: 2e-5,
      inputs: [{ rows: 37, cols: 53, positive: op === 'sqrt' || op === 'log' }, { rows: 1, cols: 53, positive: op === 'div' }],
      run: (be, [a, b]) => be.elementwise(op, a, b, op === 'clamp' ? -0.5 : undefined, op === 'clamp' ? 0.5 : undefined),
    });
  }
  for (const op of REDUCE_OPS) {
    for (const axis of ['perRow', 'perCol', 'all'] as const) {
      list.push({
        kernel: `reduce ${op} ${axis}`,
        shape: '61×300',
        tolerance: op === 'sum' ? 1e-4 : 1e-5,
        inputs: [{ rows: 61, cols: 300 }],
        run: (be, [a]) => be.reduce(op, a, axis),
      });
    }
  }
  list.push({ kernel: 'transpose', shape: '2×33×65', tolerance: 0, inputs: [{ batch: 2, rows: 33, cols: 65 }], run: (be, [a]) => be.transpose(a) });
  list.push({ kernel: 'slice', shape: '40×50 → 13×21', tolerance: 0, inputs: [{ rows: 40, cols: 50 }], run: (be, [a]) => be.slice(a, 7, 11, 13, 21) });
  return list;
}

/** Runs every kernel case on `be`, comparing with a float64 CpuBackend on the same (float32-rounded) inputs. */
export async function runSelfTest(be: Backend, onRow?: (row: SelfTestRow) => void): Promise<SelfTestRow[]> {
  const ref = new CpuBackend();
  const rows: SelfTestRow[] = [];
  const rng = new Rng(20261127);
  for (const c of cases()) {
    const data = c.inputs.map((s) => {
      const v = rng.normals((s.batch ?? 1) * s.rows * s.cols);
      if (s.positive) for (let i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) + 0.5;
      return v;
    });
    let row: SelfTestRow;
    const inputs: Tensor[] = [];
    try {
      const expected = await ref.read(ref.tidy(() => c.run(ref, data.map((d, i) => ref.upload(d, c.inputs[i])))));
      data.forEach((d, i) => inputs.push(be.upload(d, c.inputs[i])));
      // warm-up (pipeline compile), then a timed run that includes the readback
      await readAndDispose(be, be.tidy(() => c.run(be, inputs)));
      const t0 = performance.now();
      const got = await readAndDispose(be, be.tidy(() => c.run(be, inputs)));
      const ms = performance.now() - t0;
      let scale = 1;
      for (const v of expected) scale = Math.max(scale, Math.abs(v));
      let maxError = got.length === expected.length ? 0 : Infinity;
      for (let i = 0; i < got.length; i++) maxError = Math.max(maxError, Math.abs(got[i] - expected[i]) / scale);
      row = {
        kernel: c.kernel, backend: be.kind, shape: c.shape, maxError, tolerance: c.tolerance, ms,
        gflops: c.flops && ms > 0.05 ? c.flops / (ms * 1e6) : null, ok: maxError <= c.tolerance,
      };
    } catch (e) {
      row = { kernel: c.kernel, backend: be.kind, shape: c.shape, maxError: NaN, tolerance: c.tolerance, ms: 0, gflops: null, ok: false, error: (e as Error).message };
    } finally {
      inputs.forEach((t) => be.dispose(t));
    }
    rows.push(row);
    onRow?.(row);
  }
  ref.destroy();
  return rows;
}

