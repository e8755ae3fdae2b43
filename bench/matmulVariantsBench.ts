// Each of our matmul kernels forced on each bench shape (GFLOP/s), to see which variant wins where.
import { forceMatmulKernel, MATMUL_KERNELS, planMatmul } from '../src/engine/webgpu/matmulKernels';
import type { BenchResult } from './benchTypes';
import { adapterWords, MATMUL_SHAPES, ourBackend, ourRunner } from './matmulCommon';
import { matmulGflops, timeInterleaved } from './timing';

export async function run(log: (line: string) => void): Promise<BenchResult> {
  const be = await ourBackend(log);
  const adapter = adapterWords(be);
  log(`adapter: ${adapter}`);
  const only = new URLSearchParams(location.search).get('kernels')?.split(',');
  const kernels = MATMUL_KERNELS.filter((k) => !only || only.includes(k));
  const rows: BenchResult['rows'] = [];
  try {
    for (const s of MATMUL_SHAPES) {
      forceMatmulKernel(null);
      const row: BenchResult['rows'][number] = { shape: s.label, auto: planMatmul({ batch: 1, m: s.m, k: s.k, n: s.n }, be.info).kernel };
      // Each contender forces its kernel just before its own call, so rounds interleave kernels.
      const runners = kernels.map((kernel) => ({ kernel, runner: ourRunner(be, s) }));
      const t = await timeInterleaved(
        runners.map(({ kernel, runner }) => ({ name: kernel, once: () => (forceMatmulKernel(kernel), runner.once()) })),
        { ...s.plan, maxReps: Math.min(s.plan.maxReps, 5) },
      );
      for (const { runner } of runners) runner.dispose();
      let best = '';
      for (const kernel of kernels) {
        row[kernel] = matmulGflops(s.m, s.k, s.n, t[kernel].medianMs);
        if (!best || (row[kernel] as number) > (row[best] as number)) best = kernel;
      }
      log(`${s.label}: ${kernels.map((k) => `${k} ${(row[k] as number).toFixed(3)}`).join(', ')} GFLOP/s`);
      row.best = best;
      rows.push(row);
    }
  } finally {
    forceMatmulKernel(null);
    be.destroy();
  }
  return {
    title: 'our matmul kernels, each forced (GFLOP/s, median after warm-up, readback included)',
    adapter,
    columns: [
      { key: 'shape', label: 'shape m×k×n' },
      ...kernels.map((k) => ({ key: k, label: k })),
      { key: 'best', label: 'fastest' },
      { key: 'auto', label: 'auto picks' },
    ],
    rows,
  };
}
