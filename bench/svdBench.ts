// SVD: ours on webgpu and cpu vs ml-matrix (float64 JS) vs jax-js, same f32-rounded matrices: time to completion and accuracy.
import * as jax from '@jax-js/jax';
import { Matrix, SVD } from 'ml-matrix';
import { Rng } from '../src/data/rng';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { acquireDevice } from '../src/engine/webgpu/device';
import { WebGpuBackend } from '../src/engine/webgpu/webgpuBackend';
import { orthogonalityError, worstRelativeError } from '../src/linalg/factorizationChecks';
import { jacobiRowKernelsInUse } from '../src/linalg/jacobiKernels';
import { svd } from '../src/linalg/svd';
import { gradedSpectrum, withSingularValues } from '../src/testing/matrices';
import type { BenchResult } from './benchTypes';
import { median } from './timing';

/**
 * One benchmarked matrix, (m, n) row-major, rounded to f32 so every contender factors the same numbers. `budgetMs`
 * sizes each contender's repetitions from its warm-up time (slow ones get fewer, never fewer than one).
 */
type SvdCase = { label: string; m: number; n: number; a: Float32Array; exactSigma?: Float64Array; budgetMs: number; maxReps: number };

/** What a contender hands back, on the host: σ descending and U (m, k) row-major. */
type Factors = { S: ArrayLike<number>; U: ArrayLike<number> };

type Runner = { once: () => Promise<Factors>; dispose: () => void };

type Contender = { key: string; label: string; device: string; runner: (c: SvdCase) => Runner };

function cases(fallback: boolean): SvdCase[] {
  const gaussian = (n: number, budgetMs: number, maxReps: number): SvdCase => ({
    label: `Gaussian ${n}×${n}`, m: n, n, a: new Rng(1000 + n).normals(n * n), budgetMs, maxReps,
  });
  const sigma = gradedSpectrum(40, 1, 1e-4);
  const graded: SvdCase = {
    label: '200×40, σ 1…1e-4', m: 200, n: 40, a: Float32Array.from(withSingularValues(new Rng(2), 200, 40, sigma)),
    exactSigma: sigma, budgetMs: 4000, maxReps: 5,
  };
  const list = [gaussian(32, 3000, 9), gaussian(64, 4000, 7), gaussian(128, 6000, 5), gaussian(256, 8000, 3)];
  // A software adapter takes ~35 s for jax-js at 256² already; larger sizes only where the GPU is real.
  if (!fallback) list.push(gaussian(512, 10000, 3), gaussian(1024, 10000, 3));
  // ?cases=32,256,graded (BENCH_QUERY) runs a subset.
  const only = new URLSearchParams(location.search).get('cases')?.split(',');
  return [...list, graded].filter((c) => !only || only.includes(c === graded ? 'graded' : String(c.n)));
}

/** Ours through `svd` on a backend: the input is uploaded once, each call factors it and reads U and V back. */
function oursRunner(be: Backend): (c: SvdCase) => Runner {
  return (c) => {
    const t = be.upload(c.a, { rows: c.m, cols: c.n });
    return {
      once: async () => {
        const { U, S, V } = await svd(be, t);
        const [u] = await Promise.all([be.read(U), be.read(V)]);
        be.dispose(U);
        be.dispose(V);
        return { S, U: u };
      },
      dispose: () => be.dispose(t),
    };
  };
}

/** ml-matrix's Golub–Kahan SVD in float64 (it copies its input, so the Matrix is built once). */
function mlMatrixRunner(c: SvdCase): Runner {
  const mat = new Matrix(Array.from({ length: c.m }, (_, i) => Array.from(c.a.subarray(i * c.n, (i + 1) * c.n))));
  return {
    once: async () => {
      const r = new SVD(mat);
      return { S: r.diagonal, U: r.leftSingularVectors.to1DArray() };
    },
    dispose: () => {},
  };
}

/** jax-js `numpy.linalg.svd` (eigh of AᵀA) on its own device, f32; each call ends in reading U, S and Vᵀ. */
function jaxRunner(c: SvdCase): Runner {
  const x = jax.numpy.array(c.a, { shape: [c.m, c.n], dtype: jax.numpy.float32 });
  return {
    once: async () => {
      const [u, s, vh] = jax.numpy.linalg.svd(x.ref, { fullMatrices: false });
      const [U, S] = await Promise.all([u.data(), s.data(), vh.data()]);
      return { S, U };
    },
    dispose: () => x.dispose(),
  };
}

/** jax-js on WebGPU if it starts and factors a small matrix there, else its wasm (then cpu) backend, with why. */
async function jaxDevice(log: (line: string) => void): Promise<{ device: jax.Device; note: string }> {
  try {
    if ((await jax.init('webgpu')).includes('webgpu')) {
      jax.defaultDevice('webgpu');
      const probe = jaxRunner({ label: 'probe', m: 8, n: 4, a: new Rng(5).normals(32), budgetMs: 0, maxReps: 1 });
      const { S } = await probe.once();
      probe.dispose();
      if (Array.from(S).every(Number.isFinite)) return { device: 'webgpu', note: 'jax-js ran on its WebGPU backend (same adapter, its own device)' };
      throw new Error('non-finite singular values on a probe matrix');
    }
    throw new Error('init("webgpu") did not offer webgpu');
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    log(`jax-js on WebGPU failed (${why}); falling back`);
    const available = await jax.init('wasm', 'cpu');
    const device: jax.Device = available.includes('wasm') ? 'wasm' : 'cpu';
    jax.defaultDevice(device);
    return { device, note: `jax-js FAILED on WebGPU here (${why}); it ran on its ${device} backend instead` };
  }
}

type Measured = { timing?: { medianMs: number; reps: number; samplesMs: number[] }; factors?: Factors; error?: string };

/**
 * A warm-up call per contender (pipelines, JIT; its factors are the ones checked for accuracy), then interleaved
 * timed rounds so load from elsewhere falls on all alike. Each contender gets as many rounds as fit `budgetMs` at
 * the speed of its first timed run, between 1 and `maxReps`; one that throws is reported and dropped.
 */
async function measure(contenders: Contender[], c: SvdCase, log: (line: string) => void): Promise<Record<string, Measured>> {
  const out: Record<string, Measured> = {};
  const live = contenders.map((k) => ({ k, r: null as Runner | null, reps: 1, samples: [] as number[] }));
  const fail = (x: (typeof live)[number], e: unknown) => {
    out[x.k.key] = { error: e instanceof Error ? e.message : String(e) };
    x.reps = 0;
    log(`${c.label}: ${x.k.label} ${x.k.device} failed: ${out[x.k.key].error}`);
  };
  for (const x of live) {
    try {
      x.r = x.k.runner(c);
      out[x.k.key] = { factors: await x.r.once() };
    } catch (e) {
      fail(x, e);
    }
  }
  for (let round = 0; round < Math.max(0, ...live.map((x) => x.reps)); round++) {
    for (const x of live) {
      if (!x.r || round >= x.reps) continue;
      try {
        const t0 = performance.now();
        await x.r.once();
        x.samples.push(performance.now() - t0);
      } catch (e) {
        fail(x, e);
      }
      if (round === 0 && x.reps) x.reps = Math.max(1, Math.min(c.maxReps, Math.floor(c.budgetMs / x.samples[0])));
    }
  }
  for (const x of live) {
    x.r?.dispose();
    if (x.samples.length && !out[x.k.key].error) out[x.k.key].timing = { medianMs: median(x.samples), reps: x.samples.length, samplesMs: x.samples };
  }
  return out;
}

/** 3.6e-1 style, for errors that span many decades. */
function sci(x: number | null): string | null {
  return x === null ? null : x === 0 ? '0' : x.toExponential(1);
}

export async function run(log: (line: string) => void): Promise<BenchResult> {
  const acq = await acquireDevice({ onError: (m) => log(`webgpu error: ${m}`), onLost: (r, m) => log(`device lost: ${r} ${m}`) });
  const gpu = new WebGpuBackend(acq, (m) => log(`webgpu error: ${m}`));
  const cpu = new CpuBackend();
  const i = gpu.info;
  const adapter = `${i.vendor} / ${i.architecture}${i.description ? ` (${i.description})` : ''}${i.fallback ? ', software fallback' : ''}`;
  log(`adapter: ${adapter}`);
  // ?contenders=oursCpu,ml (BENCH_QUERY) times a subset; ml-matrix always runs, as the accuracy reference.
  const chosen = new URLSearchParams(location.search).get('contenders')?.split(',');
  const jaxOn = !chosen || chosen.includes('jax') ? await jaxDevice(log) : { device: 'cpu' as jax.Device, note: 'jax-js not run (?contenders=)' };
  const contenders: Contender[] = [
    { key: 'oursGpu', label: 'ours', device: 'webgpu f32', runner: oursRunner(gpu) },
    { key: 'oursCpu', label: 'ours', device: `cpu f64 (${jacobiRowKernelsInUse()})`, runner: oursRunner(cpu) },
    { key: 'ml', label: 'ml-matrix', device: 'JS f64', runner: mlMatrixRunner },
    { key: 'jax', label: 'jax-js', device: `${jaxOn.device} f32`, runner: jaxRunner },
  ].filter((ct) => !chosen || ct.key === 'ml' || chosen.includes(ct.key));
  const rows: BenchResult['rows'] = [];
  const samples: Record<string, Record<string, number[]>> = {};
  try {
    for (const c of cases(i.fallback)) {
      const got = await measure(contenders, c, log);
      const reference = got.ml.factors?.S ?? (await mlMatrixRunner(c).once()).S;
      const k = Math.min(c.m, c.n);
      const ms = (key: string) => got[key]?.timing?.medianMs ?? null;
      samples[c.label] = Object.fromEntries(Object.entries(got).map(([key, g]) => [key, g.timing?.samplesMs ?? []]));
      for (const ct of contenders) {
        const g = got[ct.key];
        const mine = ms(ct.key);
        const ours = ct.key === 'oursGpu' || ct.key === 'oursCpu';
        const ratio = (peer: string) => (ours && mine !== null && ms(peer) !== null ? mine / (ms(peer) as number) : null);
        rows.push({
          case: c.label,
          impl: ct.label,
          device: ct.device,
          ms: mine,
          reps: g.timing?.reps ?? null,
          vsMl: ratio('ml'),
          vsJax: ratio('jax'),
          sigmaErr: g.factors ? (ct.key === 'ml' ? 'reference' : sci(worstRelativeError(g.factors.S, reference, k))) : null,
          sigmaErrExact: g.factors && c.exactSigma ? sci(worstRelativeError(g.factors.S, c.exactSigma, k)) : null,
          orth: g.factors ? sci(orthogonalityError(g.factors.U, c.m, g.factors.U.length / c.m)) : null,
          smallest: g.factors ? sci(g.factors.S[k - 1]) : null,
          note: g.error ? `failed: ${g.error.slice(0, 60)}` : '',
        });
      }
      log(`${c.label}: ${contenders.map((ct) => `${ct.label} ${ct.device} ${ms(ct.key)?.toFixed(0) ?? '—'} ms`).join(', ')}`);
    }
  } finally {
    gpu.destroy();
    cpu.destroy();
  }
  return {
    title: 'SVD: median ms to completion (factors on the host) and accuracy, same f32-rounded input for all',
    adapter,
    columns: [
      { key: 'case', label: 'matrix' },
      { key: 'impl', label: 'SVD' },
      { key: 'device', label: 'backend' },
      { key: 'ms', label: 'median ms', digits: 1 },
      { key: 'reps', label: 'reps', digits: 0 },
      { key: 'vsMl', label: 'ours/ml-matrix', digits: 2 },
      { key: 'vsJax', label: 'ours/jax-js', digits: 3 },
      { key: 'sigmaErr', label: 'worst σ rel err' },
      { key: 'sigmaErrExact', label: 'vs exact σ' },
      { key: 'orth', label: '‖UᵀU−I‖max' },
      { key: 'smallest', label: 'σ_min' },
      { key: 'note', label: 'note' },
    ],
    rows,
    notes: [
      jaxOn.note,
      'σ error: max_i |σ_i − σ_i^ref| / σ_i^ref against ml-matrix (float64) on the same f32-rounded input; "vs exact σ" (graded case) against the σ it was built with, which f32 rounding of the input already moves by ~1e-3 at σ = 1e-4',
      `ours cpu runs the float64 twins of our kernels; its Jacobi row loops: ${jacobiRowKernelsInUse() === 'wasm' ? 'WebAssembly SIMD' : 'plain JS'}`,
      'times: warm-up first, then interleaved rounds; each contender gets as many rounds as fit the case budget at the speed of its first timed run (at least 1, so slow cases have few)',
      'ratios < 1: ours is faster. Compare ratios within one run; absolute times move with machine load',
    ],
    extra: { samplesMs: samples, jaxDevice: jaxOn.device },
  };
}
