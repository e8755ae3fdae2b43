// A run that hits a device limit or a lost device fails with that error's words and keeps the steps it made.
import { describe, expect, it } from 'vitest';
import { RunHost } from './runHost';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { DeviceLimitError } from '../engine/webgpu/deviceLimits';
import type { ExperimentRun } from '../experiments/framework/types';

const be = new CpuBackend();
const env = { backend: be, data: async () => new Uint8Array() };

/** Two good steps, then `fault` is thrown with a tensor still alive (freed by the generator's finally). */
const failingAfterTwo = (fault: Error): ExperimentRun =>
  async function* (_config, ctx) {
    const t = ctx.backend.upload([1, 2, 3], { rows: 1, cols: 3 });
    try {
      yield { step: 1, total: 5, metrics: { loss: 1 } };
      yield { step: 2, total: 5, metrics: { loss: 0.5 } };
      throw fault;
    } finally {
      ctx.backend.dispose(t);
    }
  };

describe('runs that meet a fault', () => {
  it('a DeviceLimitError fails the run with the size and the limit named; the history stays', async () => {
    const fault = new DeviceLimitError('a 1×40000×40000 tensor', 6.4e9, 'maxBufferSize', 2 ** 28);
    const seen: number[] = [];
    const o = await new RunHost().start('limit', failingAfterTwo(fault), { seed: 1 }, env, (p) => void seen.push(p.step));
    expect(o).toEqual({ status: 'failed', message: fault.message, final: { loss: 0.5 }, steps: 2 });
    expect(o.message).toMatch(/^a 1×40000×40000 tensor needs 5\.96 GiB \(6,400,000,000 bytes\), over this device's maxBufferSize of 256 MiB \(268,435,456 bytes\)\./);
    expect(seen).toEqual([1, 2]);
    expect(be.liveTensors()).toBe(0);
  });
});
