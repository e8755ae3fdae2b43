// Formulas are typeset in later tasks of bounded length, in the order asked, however many arrive at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { typesetSoon } from './loadKatex';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('typesetSoon', () => {
  it('runs nothing in the calling task, then every job in order, in tasks of at most ~16 ms', () => {
    vi.useFakeTimers();
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const ran: number[] = [];
    const tasks: number[][] = [];
    for (let i = 0; i < 20; i++) typesetSoon(() => {
      ran.push(i);
      now += 5; // each formula takes 5 ms
    });
    expect(ran).toEqual([]);
    while (ran.length < 20) {
      const before = ran.length;
      vi.advanceTimersToNextTimer();
      tasks.push(ran.slice(before));
      expect(tasks.length).toBeLessThan(20);
    }
    expect(ran).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // a task starts a job only while under 16 ms have passed: 4 jobs of 5 ms each, so at most 20 ms per task
    expect(tasks.every((t) => t.length >= 1 && t.length <= 4)).toBe(true);
    expect(tasks.length).toBe(5);
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
