// Formulas are typeset in later tasks of bounded length and size, in the order asked, a rendered frame between batches.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { typesetSoon } from './loadKatex';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Runs timers until `ran` has `n` entries; returns the jobs each task ran. */
function tasksUntil(ran: unknown[], n: number): unknown[][] {
  const tasks: unknown[][] = [];
  while (ran.length < n) {
    const before = ran.length;
    vi.advanceTimersToNextTimer();
    if (ran.length > before) tasks.push(ran.slice(before));
    expect(tasks.length).toBeLessThan(n + 1);
  }
  return tasks;
}

describe('typesetSoon', () => {
  it('runs nothing in the calling task, then every job in order, in tasks of at most ~8 ms', () => {
    vi.useFakeTimers();
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const ran: number[] = [];
    for (let i = 0; i < 20; i++) typesetSoon(() => {
      ran.push(i);
      now += 5; // each formula takes 5 ms
    });
    expect(ran).toEqual([]);
    const tasks = tasksUntil(ran, 20);
    expect(ran).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // a task starts a job only while under 8 ms have passed: 2 jobs of 5 ms each, so at most 10 ms per task
    expect(tasks.map((t) => t.length)).toEqual(Array(10).fill(2));
  });

  it('ends a batch once its formulas reach about 250 elements, however quick they were', () => {
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockImplementation(() => 0);
    const ran: number[] = [];
    for (let i = 0; i < 7; i++) typesetSoon(() => {
      ran.push(i);
      return 100; // a formula of 100 elements, typeset in no time
    });
    const tasks = tasksUntil(ran, 7);
    // 100 + 100 + 100 ≥ 250: three per batch
    expect(tasks.map((t) => t.length)).toEqual([3, 3, 1]);
  });

  it('waits for a rendered frame between batches, so each frame lays out one batch', () => {
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockImplementation(() => 0);
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    const ran: number[] = [];
    for (let i = 0; i < 4; i++) typesetSoon(() => {
      ran.push(i);
      return 200;
    });
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual([0, 1]);
    // no frame yet: no timer is waiting, and nothing more runs
    vi.runAllTimers();
    expect(ran).toEqual([0, 1]);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual([0, 1, 2, 3]);
  });

  it('keeps going after a job throws, and a later job still runs', () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    typesetSoon(() => {
      throw new Error('bad formula');
    });
    typesetSoon(() => ran.push('next'));
    expect(() => vi.advanceTimersToNextTimer()).toThrow('bad formula');
    vi.runAllTimers();
    expect(ran).toEqual(['next']);
  });
});
