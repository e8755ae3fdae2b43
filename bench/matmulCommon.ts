// Shapes and runners shared by the matmul bench sections: our WebGpuBackend, tfjs-webgpu and a plain JS loop.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { Rng } from '../src/data/rng';
import { acquireDevice } from '../src/engine/webgpu/device';
import { planMatmul } from '../src/engine/webgpu/matmulKernels';
import { WebGpuBackend } from '../src/engine/webgpu/webgpuBackend';
import type { TimingPlan } from './timing';

/** One benchmarked product: C (m×n) = op(A)·B, op(A) m×k, with A stored k×m when transA. */
export type MatmulShape = { label: string; m: number; k: number; n: number; transA?: boolean; plan: TimingPlan };

/** Reps shrink with size so the whole matmul section stays within a few minutes on a 2-core software adapter. */
const small: TimingPlan = { warmup: 1, minReps: 3, maxReps: 9, budgetMs: 6000 };
const large: TimingPlan = { warmup: 1, minReps: 3, maxReps: 5, budgetMs: 8000 };

export const MATMUL_SHAPES: MatmulShape[] = [
  { label: '256×256×256', m: 256, k: 256, n: 256, plan: small },
  { label: '512×512×512', m: 512, k: 512, n: 512, plan: large },
  { label: '64×2048×64', m: 64, k: 2048, n: 64, plan: small },
  { label: '1024×1024×16', m: 1024, k: 1024, n: 16, plan: small },
  // projections onto r ≤ 32 directions: X·P (n×d times d×r) and Pᵀ·G (r×m times m×n, P stored m×r)
  { label: 'proj 1024×256×16', m: 1024, k: 256, n: 16, plan: small },
  { label: 'projᵀ 32×1024×512', m: 32, k: 1024, n: 512, transA: true, plan: small },
];

/** Extra shapes for the variants section: matrix–vector, vector–matrix and a Gram matrix XᵀX with long k. */
export const SKINNY_SHAPES: MatmulShape[] = [
  { label: 'matvec 2048×1024×1', m: 2048, k: 1024, n: 1, plan: small },
  { label: 'vecmat 1×1024×2048', m: 1, k: 1024, n: 2048, plan: small },
  { label: 'tall 4096×256×4', m: 4096, k: 256, n: 4, plan: small },
  { label: 'gram 40×8192×40 (XᵀX)', m: 40, k: 8192, n: 40, transA: true, plan: small },
  { label: 'dot 1×65536×1', m: 1, k: 65536, n: 1, plan: small },
];

export function shapeInputs(s: MatmulShape): { a: Float32Array; b: Float32Array } {
  const rng = new Rng(s.m * 31 + s.k * 7 + s.n);
  return { a: rng.normals(s.m * s.k), b: rng.normals(s.k * s.n) };
}

/** Our backend on its own device, with errors surfaced in the bench log. */
export async function ourBackend(log: (line: string) => void): Promise<WebGpuBackend> {
  const acq = await acquireDevice({ onError: (m) => log(`webgpu error: ${m}`), onLost: (r, m) => log(`device lost: ${r} ${m}`) });
  return new WebGpuBackend(acq, (m) => log(`webgpu error: ${m}`));
}

/** The MatmulProblem and adapter facts our chooser sees for a bench shape (to report the kernel it picks). */
export function chosenKernel(be: WebGpuBackend, s: MatmulShape): string {
  const p = { batch: 1, m: s.m, k: s.k, n: s.n, transA: !!s.transA, transB: false, batchA: 1, batchB: 1 };
  const plan = planMatmul(p, { fallback: be.info.fallback, maxBufferBytes: be.limits.maxBufferBytes });
  return plan.splits > 1 ? `${plan.kernel}, split-k ${plan.splits}` : plan.kernel;
}

export function adapterWords(be: WebGpuBackend): string {
  const i = be.info;
  return `${i.vendor} / ${i.architecture}${i.description ? ` (${i.description})` : ''}${i.fallback ? ', software fallback' : ''}`;
}

/** One timed product on our backend, ending in a readback. Returns a closure and a disposer. */
export function ourRunner(be: WebGpuBackend, s: MatmulShape): { once: () => Promise<unknown>; dispose: () => void } {
  const { a, b } = shapeInputs(s);
  const ta = be.upload(a, s.transA ? { rows: s.k, cols: s.m } : { rows: s.m, cols: s.k });
  const tb = be.upload(b, { rows: s.k, cols: s.n });
  return {
    once: async () => {
      const c = be.matmul(ta, tb, { transA: !!s.transA });
      await be.read(c);
      be.dispose(c);
    },
    dispose: () => {
      be.dispose(ta);
      be.dispose(tb);
    },
  };
}

let tfReady: Promise<string> | null = null;

/** Switches tfjs to its WebGPU backend once; returns what it reports about its adapter. */
export function tfjsWebgpu(): Promise<string> {
  tfReady ??= (async () => {
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
    await tf.ready();
    const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
    return `${info?.vendor ?? '?'} / ${info?.architecture ?? '?'}`;
  })();
  return tfReady;
}

export function tfjsRunner(s: MatmulShape): { once: () => Promise<unknown>; dispose: () => void } {
  const { a, b } = shapeInputs(s);
  const ta = tf.tensor2d(a, s.transA ? [s.k, s.m] : [s.m, s.k]);
  const tb = tf.tensor2d(b, [s.k, s.n]);
  return {
    once: async () => {
      const c = tf.matMul(ta, tb, !!s.transA, false);
      await c.data();
      c.dispose();
    },
    dispose: () => {
      ta.dispose();
      tb.dispose();
    },
  };
}

/** A plain single-threaded JS triple loop over Float32Arrays (i-k-j order, so the inner loop is contiguous). */
export function jsRunner(s: MatmulShape): { once: () => Promise<unknown>; dispose: () => void } {
  const { a, b } = shapeInputs(s);
  const { m, k, n } = s;
  return {
    once: async () => {
      const c = new Float32Array(m * n);
      for (let i = 0; i < m; i++) {
        const ci = i * n;
        for (let p = 0; p < k; p++) {
          const aip = s.transA ? a[p * m + i] : a[i * k + p];
          const bp = p * n;
          for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
        }
      }
      return c;
    },
    dispose: () => {},
  };
}
