// The offline copy starts after its delay, in an idle moment, and never while a run is going on.
import { describe, expect, it } from 'vitest';
import { afterQuietStart } from './offlineCopyMoment';

/** Timers and idle callbacks that run only when the test says so. */
function manualHooks() {
  const timers: { fn: () => void; ms: number; live: boolean }[] = [];
  const idles: { fn: () => void; live: boolean }[] = [];
  return {
    timers,
    idles,
    hooks: {
      setTimeout: (fn: () => void, ms: number) => {
        const t = { fn, ms, live: true };
        timers.push(t);
        return () => void (t.live = false);
      },
      whenIdle: (fn: () => void) => {
        const t = { fn, live: true };
        idles.push(t);
        return () => void (t.live = false);
      },
    },
    fire(list: { fn: () => void; live: boolean }[]) {
      const live = list.filter((t) => t.live);
      for (const t of live) t.live = false;
      for (const t of live) t.fn();
    },
  };
}

/** A tiny store: a busy flag and its listeners. */
function busyFlag(initial: boolean) {
  let busy = initial;
  const listeners = new Set<() => void>();
  return {
    busy: () => busy,
    set(b: boolean) {
      busy = b;
      for (const l of [...listeners]) l();
    },
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    listeners,
  };
}

/** afterQuietStart with a 10 s delay over manual hooks and a busy flag that starts as `busy`. */
function startQuietly(busy: boolean) {
  const m = manualHooks();
  const flag = busyFlag(busy);
  let n = 0;
  const cancel = afterQuietStart(() => n++, flag.busy, flag.subscribe, 10_000, m.hooks);
  return { m, flag, cancel, started: () => n };
}

describe('afterQuietStart', () => {
  it('starts only after its delay and then an idle moment', () => {
    const { m, started } = startQuietly(false);
    expect(m.timers.map((t) => t.ms)).toEqual([10_000]);
    expect(started()).toBe(0);
    m.fire(m.timers);
    expect(started()).toBe(0);
    m.fire(m.idles);
    expect(started()).toBe(1);
    m.fire(m.idles);
    expect(started()).toBe(1);
  });

  it('waits for a run to end, and starts at the idle moment after it', () => {
    const { m, flag, started } = startQuietly(true);
    m.fire(m.timers);
    m.fire(m.idles);
    expect(started()).toBe(0);
    expect(m.idles).toHaveLength(0);
    flag.set(true);
    expect(m.idles).toHaveLength(0);
    flag.set(false);
    expect(flag.listeners.size).toBe(0);
    expect(started()).toBe(0);
    m.fire(m.idles);
    expect(started()).toBe(1);
  });

  it('does not start when a run began between the idle request and the idle moment', () => {
    const { m, flag, started } = startQuietly(false);
    m.fire(m.timers);
    flag.set(true);
    m.fire(m.idles);
    expect(started()).toBe(0);
    flag.set(false);
    m.fire(m.idles);
    expect(started()).toBe(1);
  });

  it('cancelled, it never starts and drops its subscription', () => {
    const { m, flag, cancel, started } = startQuietly(true);
    m.fire(m.timers);
    expect(flag.listeners.size).toBe(1);
    cancel();
    expect(flag.listeners.size).toBe(0);
    flag.set(false);
    m.fire(m.idles);
    expect(started()).toBe(0);
  });
});
