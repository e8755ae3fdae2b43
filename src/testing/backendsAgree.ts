// The webgpu-vs-float64 comparison many kernel tests make: same outputs within tolerance, no tensor left on the GPU.
import { expect } from 'vitest';
import type { Backend, Tensor } from '../engine/backend';
import { allcloseReport, maxAbs } from './allclose';

/**
 * Runs `evaluate` on `gpu` and on the float64 `cpu` twin and expects output i to agree entrywise within
 * rtol plus atolScale·max(1, max|cpu output i|), and the webgpu live-tensor count to end where it started.
 */
export async function expectBackendsAgree(gpu: Backend, cpu: Backend, evaluate: (be: Backend) => Promise<Float64Array[]>, label: string, tol: { rtol: number; atolScale: number }): Promise<void> {
  const before = gpu.liveTensors();
  const g = await evaluate(gpu);
  const c = await evaluate(cpu);
  expect(g.length).toBe(c.length);
  c.forEach((cv, i) => {
    const report = allcloseReport(g[i], cv, { rtol: tol.rtol, atol: tol.atolScale * Math.max(1, maxAbs(cv)) });
    expect(report, `${label}, output ${i}\n${report}`).toBeNull();
  });
  expect(gpu.liveTensors()).toBe(before);
}

/**
 * One tensor from each backend: same shape, and entries within rtol plus atol·max(1, max|c|) (reported row by row).
 */
export async function expectTensorsClose(gpu: Backend, cpu: Backend, g: Tensor, c: Tensor, rtol: number, atol: number, label: string): Promise<void> {
  expect([g.batch, g.rows, g.cols], `${label}: shape`).toEqual([c.batch, c.rows, c.cols]);
  const [gv, cv] = await Promise.all([gpu.read(g), cpu.read(c)]);
  const report = allcloseReport(gv, cv, { rtol, atol: atol * Math.max(1, maxAbs(cv)) }, c.cols);
  expect(report, `${label}\n${report}`).toBeNull();
}
