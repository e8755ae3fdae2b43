// Matmul GFLOP/s: our WebGPU kernels vs tfjs-webgpu vs a plain JS loop, same adapter, times include the readback.
import { overrideMatmul } from '../src/engine/webgpu/matmulKernels';
import type { BenchResult } from './benchTypes';
import { adapterWords, chosenKernel, jsRunner, MATMUL_SHAPES, ourBackend, ourRunner, tfjsRunner, tfjsWebgpu } from './matmulCommon';
import { matmulGflops, timeInterleaved } from './timing';

export async function run(log: (line: string) => void): Promise<BenchResult> {
  const be = await ourBackend(log);
  overrideMatmul(null);
  const tfAdapter = await tfjsWebgpu();
  const adapter = adapterWords(be);
  log(`adapter: ${adapter}; tfjs sees ${tfAdapter}`);
  const rows: BenchResult['rows'] = [];
  for (const s of MATMUL_SHAPES) {
    const kernel = chosenKernel(be, s);
    const runners = { ours: ourRunner(be, s), tfjs: tfjsRunner(s), js: jsRunner(s) };
    const t = await timeInterleaved(Object.entries(runners).map(([name, r]) => ({ name, once: r.once })), s.plan);
    for (const r of Object.values(runners)) r.dispose();
    const g = (name: keyof typeof runners) => matmulGflops(s.m, s.k, s.n, t[name].medianMs);
    log(`${s.label}: ${Object.keys(runners).map((n) => `${n} ${t[n].medianMs.toFixed(1)} ms`).join(', ')} (median of ${t.ours.reps})`);
    rows.push({
      shape: s.label, kernel, ours: g('ours'), tfjs: g('tfjs'), js: g('js'),
      oursVsTfjs: g('ours') / g('tfjs'), oursVsJs: g('ours') / g('js'), reps: t.ours.reps,
    });
  }
  be.destroy();
  return {
    title: 'matmul GFLOP/s (median of interleaved runs after warm-up; every run ends in a GPU→CPU read)',
    adapter,
    columns: [
      { key: 'shape', label: 'shape m×k×n' },
      { key: 'kernel', label: 'our kernel' },
      { key: 'ours', label: 'ours GFLOP/s' },
      { key: 'tfjs', label: 'tfjs-webgpu' },
      { key: 'js', label: 'JS loop' },
      { key: 'oursVsTfjs', label: 'ours/tfjs', digits: 2 },
      { key: 'oursVsJs', label: 'ours/JS', digits: 2 },
      { key: 'reps', label: 'reps', digits: 0 },
    ],
    rows,
    notes: [`tfjs-webgpu adapter: ${tfAdapter}`, 'GFLOP/s = 2·m·k·n / median time; JS is one thread, i-k-j loop on Float32Array'],
  };
}
