// k-means and kNN spectral clustering on the 1797×64 digits: our webgpu and cpu backends vs ml-kmeans, times as ratios.
import { kmeans as mlKmeans } from 'ml-kmeans';
import { loadDigits, fetchSource, type Digits } from '../src/data/datasets';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import type { Backend } from '../src/engine/backend';
import { kmeans, KMEANS_CHECK_EVERY } from '../src/cluster/kmeans';
import type { WebGpuBackend } from '../src/engine/webgpu/webgpuBackend';
import { spectral } from '../src/cluster/spectral';
import { accuracy } from '../src/cluster/metrics';
import type { BenchResult } from './benchTypes';
import { adapterWords, ourBackend } from './matmulCommon';
import { timeInterleaved, type Contender, type TimingPlan } from './timing';

const K = 10;
const RESTARTS = 10;
/** Lloyd runs take seconds on the software adapter; spectral clustering tens of seconds, so it runs once. */
const KMEANS_PLAN: TimingPlan = { warmup: 1, minReps: 3, maxReps: 5, budgetMs: 60_000 };
const SPECTRAL_PLAN: TimingPlan = { warmup: 0, minReps: 1, maxReps: 1, budgetMs: 0 };

/** Σ squared distance of each row to its cluster's mean. */
function inertia(x: Float32Array, d: number, labels: ArrayLike<number>): number {
  const sums = new Float64Array(K * d), counts = new Float64Array(K);
  for (let i = 0; i < labels.length; i++) {
    counts[labels[i]]++;
    for (let p = 0; p < d; p++) sums[labels[i] * d + p] += x[i * d + p];
  }
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let p = 0; p < d; p++) total += (x[i * d + p] - sums[labels[i] * d + p] / counts[labels[i]]) ** 2;
  }
  return total;
}

type Outcome = { labels: ArrayLike<number> };

/** A contender that uploads the digits, runs `method` and frees everything (the labels are read back inside). */
function ours(name: string, be: Backend, digits: Digits, method: (be: Backend, x: ReturnType<Backend['upload']>) => Promise<Outcome>, last: Map<string, Outcome>): Contender {
  return {
    name,
    once: async () => {
      const x = be.upload(digits.X, { rows: digits.n, cols: digits.d });
      try {
        last.set(name, await method(be, x));
      } finally {
        be.dispose(x);
      }
    },
  };
}

/** ml-kmeans with k-means++ seeding, restarted RESTARTS times, keeping the lowest inertia (as our restarts do). */
function mlKmeansContender(digits: Digits, last: Map<string, Outcome>): Contender {
  const rows = Array.from({ length: digits.n }, (_, i) => Array.from(digits.X.subarray(i * digits.d, (i + 1) * digits.d)));
  return {
    name: 'ml-kmeans',
    once: async () => {
      let best: { labels: number[]; inertia: number } | null = null;
      for (let r = 0; r < RESTARTS; r++) {
        const result = mlKmeans(rows, K, { initialization: 'kmeans++', maxIterations: 300, tolerance: 1e-4, seed: 1000 + r });
        const value = inertia(digits.X, digits.d, result.clusters);
        if (!best || value < best.inertia) best = { labels: result.clusters, inertia: value };
      }
      last.set('ml-kmeans', { labels: best!.labels });
    },
  };
}

/**
 * Compute passes and readbacks per Lloyd iteration on the GPU, counted (not timed): the difference between runs of
 * 2·span and span iterations, divided by span; span is a multiple of checkEvery, and 2·span = 16 iterations end
 * before this seed converges even at tol 0 (it needs 25 at the default tol).
 */
async function lloydCounts(gpu: WebGpuBackend, digits: Digits): Promise<{ dispatches: number; readbacks: number; iterations: number }> {
  const x = gpu.upload(digits.X, { rows: digits.n, cols: digits.d });
  const span = 2 * KMEANS_CHECK_EVERY;
  const counts = [];
  for (const maxIter of [span, 2 * span]) {
    const [d0, r0] = [gpu.dispatches, gpu.readbacks];
    await kmeans(gpu, x, K, { seed: 7, restarts: RESTARTS, maxIter, tol: 0 });
    counts.push({ dispatches: gpu.dispatches - d0, readbacks: gpu.readbacks - r0 });
  }
  const full = await kmeans(gpu, x, K, { seed: 7, restarts: RESTARTS });
  gpu.dispose(x);
  if (full.iterations <= 2 * span) throw new Error(`lloydCounts: the run converged in ${full.iterations} iterations, within the counted span`);
  return { dispatches: (counts[1].dispatches - counts[0].dispatches) / span, readbacks: (counts[1].readbacks - counts[0].readbacks) / span, iterations: full.iterations };
}

export async function run(log: (line: string) => void): Promise<BenchResult> {
  const gpu = await ourBackend(log);
  const cpu = new CpuBackend();
  const digits = await loadDigits(fetchSource(`${location.origin}/`));
  const last = new Map<string, Outcome>();
  log(`digits ${digits.n}×${digits.d}; k-means: k = ${K}, ${RESTARTS} restarts`);
  const km = (be: Backend, x: ReturnType<Backend['upload']>) => kmeans(be, x, K, { seed: 7, restarts: RESTARTS });
  const kmTimes = await timeInterleaved([
    ours('ours webgpu', gpu, digits, km, last), ours('ours cpu', cpu, digits, km, last), mlKmeansContender(digits, last),
  ], KMEANS_PLAN);
  log(`k-means medians: ${Object.entries(kmTimes).map(([n, t]) => `${n} ${t.medianMs.toFixed(0)} ms`).join(', ')}`);
  const lloyd = await lloydCounts(gpu, digits);
  log(`k-means on webgpu: ${lloyd.iterations} iterations; per iteration ${lloyd.dispatches} dispatches, ${lloyd.readbacks} readbacks`);
  const sp = (be: Backend, x: ReturnType<Backend['upload']>) => spectral(be, x, K, { seed: 7, restarts: RESTARTS, neighbors: 10, returnAffinity: false });
  const spTimes = await timeInterleaved([ours('spectral webgpu', gpu, digits, sp, last), ours('spectral cpu', cpu, digits, sp, last)], SPECTRAL_PLAN);
  log(`spectral: ${Object.entries(spTimes).map(([n, t]) => `${n} ${t.medianMs.toFixed(0)} ms`).join(', ')}`);
  const peer = kmTimes['ml-kmeans'].medianMs;
  const row = (method: string, name: string, ms: number, vsPeer: number | null, vsCpu: number | null) => ({
    method, contender: name, ms, accuracy: accuracy(last.get(name)!.labels, digits.y),
    inertia: method === 'k-means' ? inertia(digits.X, digits.d, last.get(name)!.labels) : null,
    speedupVsMlKmeans: vsPeer, speedupVsOurCpu: vsCpu,
    dispatchesPerIter: name === 'ours webgpu' ? lloyd.dispatches : null,
    readbacksPerIter: name === 'ours webgpu' ? lloyd.readbacks : null,
  });
  const rows = [
    row('k-means', 'ours webgpu', kmTimes['ours webgpu'].medianMs, peer / kmTimes['ours webgpu'].medianMs, kmTimes['ours cpu'].medianMs / kmTimes['ours webgpu'].medianMs),
    row('k-means', 'ours cpu', kmTimes['ours cpu'].medianMs, peer / kmTimes['ours cpu'].medianMs, 1),
    row('k-means', 'ml-kmeans', peer, 1, kmTimes['ours cpu'].medianMs / peer),
    row('spectral', 'spectral webgpu', spTimes['spectral webgpu'].medianMs, null, spTimes['spectral cpu'].medianMs / spTimes['spectral webgpu'].medianMs),
    row('spectral', 'spectral cpu', spTimes['spectral cpu'].medianMs, null, 1),
  ];
  gpu.destroy();
  cpu.destroy();
  return {
    title: 'clustering the digits (1797×64): median wall time, Hungarian accuracy; every run ends with labels on the host',
    adapter: adapterWords(gpu),
    columns: [
      { key: 'method', label: 'method' },
      { key: 'contender', label: 'contender' },
      { key: 'ms', label: 'median ms', digits: 0 },
      { key: 'accuracy', label: 'accuracy', digits: 3 },
      { key: 'inertia', label: 'inertia', digits: 0 },
      { key: 'speedupVsMlKmeans', label: '× vs ml-kmeans', digits: 2 },
      { key: 'speedupVsOurCpu', label: '× vs our cpu', digits: 2 },
      { key: 'dispatchesPerIter', label: 'dispatches/iter', digits: 0 },
      { key: 'readbacksPerIter', label: 'readbacks/iter', digits: 2 },
    ],
    rows,
    notes: [
      `k-means: ${RESTARTS} k-means++ restarts, lowest inertia kept, for every contender; ours runs all restarts at once on the backend`,
      '× columns are speed-ups (time of the other / time of this row); > 1 means this row is faster',
      `per Lloyd iteration on webgpu (counted, all ${RESTARTS} restarts at once): compute passes, and readbacks of the device-side convergence state, read once every ${KMEANS_CHECK_EVERY} iterations (before: 8 passes and 2 readbacks, shift and inertia, every iteration); the webgpu run took ${lloyd.iterations} iterations`,
      'spectral: 10-NN graph, normalized affinity, top-10 eigenvectors (block Krylov + eigh), k-means on the rows; no JS peer does this',
      'scikit-learn reference (measured elsewhere): KMeans n_init=10 accuracy ≈ 0.79; SpectralClustering nearest_neighbors ≈ 0.86–0.87',
    ],
    extra: { kmeans: kmTimes, spectral: spTimes, lloydPerIteration: lloyd },
  };
}
