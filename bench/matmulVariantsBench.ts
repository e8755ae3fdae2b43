// Each of our matmul kernels forced on each bench shape (GFLOP/s), to see which variant wins where.
import { MATMUL_KERNELS, overrideMatmul, type MatmulOverride } from '../src/engine/webgpu/matmulKernels';
import type { BenchResult } from './benchTypes';
import { adapterWords, chosenKernel, MATMUL_SHAPES, SKINNY_SHAPES, ourBackend, ourRunner } from './matmulCommon';
import { matmulGflops, timeInterleaved } from './timing';

export async function run(log: (line: string) => void): Promise<BenchResult> {
  const be = await ourBackend(log);
  const adapter = adapterWords(be);
  log(`adapter: ${adapter}`);
  const only = new URLSearchParams(location.search).get('kernels')?.split(',');
  const kernels = only ?? [...MATMUL_KERNELS];
  // stat=min compares kernels by their fastest run, which shrugs off load from other processes.
  const stat = new URLSearchParams(location.search).get('stat') === 'min' ? 'minMs' : 'medianMs';
  const reps = Number(new URLSearchParams(location.search).get('reps') ?? 5);
  const rows: BenchResult['rows'] = [];
  try {
    // shapes=16,gram keeps the shapes whose label contains any of the given words.
    const pick = new URLSearchParams(location.search).get('shapes')?.split(',');
    for (const s of [...MATMUL_SHAPES, ...SKINNY_SHAPES].filter((x) => !pick || pick.some((w) => x.label.includes(w)))) {
      overrideMatmul(null);
      const row: BenchResult['rows'][number] = { shape: s.label, auto: chosenKernel(be, s) };
      // Each contender forces its kernel just before its own call, so rounds interleave kernels.
      const runners = kernels.map((kernel) => ({ kernel, runner: ourRunner(be, s) }));
      const t = await timeInterleaved(
        runners.map(({ kernel, runner }) => ({ name: kernel, once: () => (overrideMatmul(parseVariant(kernel)), runner.once()) })),
        { ...s.plan, maxReps: reps, minReps: Math.min(reps, s.plan.minReps) },
      );
      for (const { runner } of runners) runner.dispose();
      let best = '';
      for (const kernel of kernels) {
        row[kernel] = matmulGflops(s.m, s.k, s.n, t[kernel][stat]);
        if (!best || (row[kernel] as number) > (row[best] as number)) best = kernel;
      }
      log(`${s.label}: ${kernels.map((k) => `${k} ${(row[k] as number).toFixed(3)}`).join(', ')} GFLOP/s`);
      row.best = best;
      rows.push(row);
    }
  } finally {
    overrideMatmul(null);
    be.destroy();
  }
  return {
    title: `our matmul kernels, each forced (GFLOP/s from the ${stat === 'minMs' ? 'fastest' : 'median'} run after warm-up, readback included)`,
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

/** 'regblock' or 'regblock@16' (a kernel at a workgroup size). */
function parseVariant(v: string): MatmulOverride {
  const [name, wg] = v.split('@');
  const kernel = MATMUL_KERNELS.find((k) => k === name);
  if (!kernel) throw new Error(`unknown matmul kernel "${name}"; have ${MATMUL_KERNELS.join(', ')}`);
  return wg ? { kernel, workgroup: Number(wg) } : { kernel };
}
