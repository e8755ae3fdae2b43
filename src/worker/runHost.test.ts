// The run host: pause, single steps, cancel and divergence, on a toy generator.
import { describe, expect, it } from 'vitest';
import { RunHost, findNonFinite } from './runHost';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import type { ExperimentRun, Progress } from '../experiments/framework/types';

const be = new CpuBackend();
const env = { backend: be, data: async () => new Uint8Array() };

const counting = (n: number, nanAt = -1): ExperimentRun =>
  async function* (_config, ctx) {
    for (let i = 1; i <= n; i++) {
      if (ctx.signal.aborted) return;
      await new Promise((r) => setTimeout(r, 1));
      yield { step: i, total: n, metrics: { loss: i === nanAt ? NaN : 1 / i, draw: ctx.rng.uniform() } };
    }
  };

describe('RunHost', () => {
  it('runs to the end and reports each step; same seed gives the same numbers', async () => {
    const host = new RunHost();
    const a: Progress[] = [];
    const b: Progress[] = [];
    const o1 = await host.start('a', counting(5), { seed: 7 }, env, (p) => void a.push(p));
    await host.start('b', counting(5), { seed: 7 }, env, (p) => void b.push(p));
    expect(o1.status).toBe('done');
    expect(a.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(a).toEqual(b);
    expect(o1.final).toEqual(a[4].metrics);
  });

  it('stops on divergence and keeps what came before', async () => {
    const host = new RunHost();
    const seen: Progress[] = [];
    const o = await host.start('d', counting(10, 4), { seed: 1 }, env, (p) => void seen.push(p));
    expect(o.status).toBe('diverged');
    expect(o.message).toMatch(/step 4: “loss” became NaN/);
    expect(seen.length).toBe(4);
  });

  it('pauses, steps one at a time, resumes and cancels', async () => {
    const host = new RunHost();
    const seen: number[] = [];
    const done = host.start('p', counting(50), { seed: 1 }, env, (p) => void seen.push(p.step), 'paused');
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual([]);
    host.control('p', 'step');
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual([1]);
    host.control('p', 'step');
    host.control('p', 'step');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([1, 2, 3]);
    host.control('p', 'resume');
    await new Promise((r) => setTimeout(r, 10));
    host.control('p', 'cancel');
    const o = await done;
    expect(o.status).toBe('cancelled');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.length).toBeLessThan(50);
    expect(host.control('p', 'pause')).toBe(false);
  });

  it('reports a failing run with its message', async () => {
    const host = new RunHost();
    const failing: ExperimentRun = async function* () {
      yield { step: 1, total: 2, metrics: { x: 1 } };
      throw new Error('out of memory, say');
    };
    const o = await host.start('f', failing, {}, env, () => {});
    expect(o).toMatchObject({ status: 'failed', message: 'out of memory, say', steps: 1 });
  });

  it('finds non-finite numbers in nested metrics', () => {
    expect(findNonFinite({ a: 1, b: [1, 2], c: [[1], [2, Infinity]] })).toBe('“c”[1][1] became Infinity');
    expect(findNonFinite({ a: 'text', b: [1] })).toBeNull();
    expect(findNonFinite({ a: NaN }, ['b'])).toBeNull();
  });
});
