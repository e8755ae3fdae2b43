// The Diagnostics self-test: every WGSL kernel file on webgpu against the float64 cpu backend, and identities on the cpu backend.
import type { Backend } from './backend';
import { CpuBackend } from './cpu/cpuBackend';
import { Rng } from '../data/rng';
import { readAndDispose } from './readback';
import { engineCases } from './selfTestCases/engineCases';
import { linalgCases } from './selfTestCases/linalgCases';
import { clusterCases } from './selfTestCases/clusterCases';
import { learnCases } from './selfTestCases/learnCases';
import { linalgIdentities } from './selfTestCases/linalgIdentities';
import { learnIdentities } from './selfTestCases/learnIdentities';
import { scaledMaxError, type IdentityCase, type KernelCase } from './selfTestCases/types';

export type SelfTestRow = {
  kernel: string;
  /** The WGSL files (relative to shaders/) the row runs on webgpu, or whose float64 twin it checks on cpu. */
  files: string[];
  /** What was compared: 'webgpu vs float64 cpu' or an identity such as 'QᵀQ = I and Q·R = A'. */
  check: string;
  backend: 'webgpu' | 'cpu';
  shape: string;
  /** webgpu: max |got − ref| / max(1, max |ref|); cpu: the identity's relative residual. */
  maxError: number;
  tolerance: number;
  /** Billions of floating-point operations per second (matmul only), else null. */
  gflops: number | null;
  ms: number;
  ok: boolean;
  error?: string;
};

/** What a webgpu row compares against. */
export const AGAINST_FLOAT64 = 'webgpu vs float64 cpu';

/** Every kernel case, by family: run on the webgpu backend against the float64 cpu backend. */
export function kernelCases(): KernelCase[] {
  return [...engineCases(), ...linalgCases(), ...clusterCases(), ...learnCases()];
}

/** Every identity case: run on the cpu backend, where a second implementation would only agree with itself. */
export function identityCases(): IdentityCase[] {
  return [...linalgIdentities(), ...learnIdentities()];
}

/** The WGSL files (relative to shaders/) the webgpu self-test runs, sorted: what the Diagnostics page claims to cover. */
export function selfTestedFiles(): string[] {
  return [...new Set(kernelCases().flatMap((c) => c.files))].sort();
}

/** Seeds every case from its name, so a row's inputs do not shift when a case is added before it. */
function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Fails a row whose case left tensors alive on `be`. */
function leakMessage(be: Backend, before: number): string | undefined {
  const leaked = be.liveTensors() - before;
  return leaked === 0 ? undefined : `left ${leaked} tensor(s) alive`;
}

async function runKernelCase(be: Backend, ref: CpuBackend, c: KernelCase): Promise<SelfTestRow> {
  const base = { kernel: c.kernel, files: c.files, check: AGAINST_FLOAT64, backend: be.kind, shape: c.shape, tolerance: c.tolerance };
  const before = be.liveTensors();
  try {
    const expected = await Promise.all((await c.run(ref, new Rng(seedOf(c.kernel)))).map((t) => readAndDispose(ref, t)));
    c.setup?.();
    // matmul rows are timed after a warm-up run (pipeline compiles); others run once, to keep SwiftShader quick
    if (c.flops) await Promise.all((await c.run(be, new Rng(seedOf(c.kernel)))).map((t) => readAndDispose(be, t)));
    const t0 = performance.now();
    const got = await Promise.all((await c.run(be, new Rng(seedOf(c.kernel)))).map((t) => readAndDispose(be, t)));
    const ms = performance.now() - t0;
    const maxError = got.length === expected.length ? Math.max(0, ...got.map((g, i) => scaledMaxError(g, expected[i]))) : Infinity;
    const error = leakMessage(be, before);
    return { ...base, maxError, ms, gflops: c.flops && ms > 0.05 ? c.flops / (ms * 1e6) : null, ok: maxError <= c.tolerance && !error, error };
  } catch (e) {
    return { ...base, maxError: NaN, ms: 0, gflops: null, ok: false, error: (e as Error).message };
  } finally {
    c.teardown?.();
  }
}

async function runIdentityCase(be: Backend, c: IdentityCase): Promise<SelfTestRow> {
  const base = { kernel: c.kernel, files: c.files, check: c.check, backend: be.kind, shape: c.shape, tolerance: c.tolerance };
  const before = be.liveTensors();
  try {
    const t0 = performance.now();
    const residual = await c.residual(be, new Rng(seedOf(c.kernel)));
    const ms = performance.now() - t0;
    const error = leakMessage(be, before);
    return { ...base, maxError: residual, ms, gflops: null, ok: residual <= c.tolerance && !error, error };
  } catch (e) {
    return { ...base, maxError: NaN, ms: 0, gflops: null, ok: false, error: (e as Error).message };
  }
}

/**
 * Runs the self-test on `be`: on webgpu every kernel case against a float64 CpuBackend on the same (f32-exact)
 * inputs; on cpu every identity case, since comparing the cpu backend with itself would always give 0.
 * A NaN or a leak fails its row.
 */
export async function runSelfTest(be: Backend, onRow?: (row: SelfTestRow) => void): Promise<SelfTestRow[]> {
  const rows: SelfTestRow[] = [];
  const ref = new CpuBackend();
  try {
    for (const c of be.kind === 'cpu' ? identityCases() : kernelCases()) {
      const row = 'residual' in c ? await runIdentityCase(be, c) : await runKernelCase(be, ref, c);
      rows.push(row);
      onRow?.(row);
    }
  } finally {
    ref.destroy();
  }
  return rows;
}
