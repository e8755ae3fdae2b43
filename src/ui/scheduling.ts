// When the page runs deferred work: in its next idle moment, or after its next rendered frame. Each returns its cancel.

type IdleGlobal = { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (h: number) => void };

/** Runs `fn` once the main thread is idle (or after `timeoutMs` at the latest; without idle callbacks, soon). */
export function whenIdle(fn: () => void, timeoutMs: number): () => void {
  const g = globalThis as IdleGlobal;
  if (g.requestIdleCallback && g.cancelIdleCallback) {
    const handle = g.requestIdleCallback(fn, { timeout: timeoutMs });
    return () => g.cancelIdleCallback!(handle);
  }
  const handle = setTimeout(fn, Math.min(1500, timeoutMs));
  return () => clearTimeout(handle);
}

/**
 * Runs `fn` in a task after the next frame has been rendered (where there are frames; else in the next task), or
 * after `maxWaitMs` at the latest when given (a hidden tab renders no frames).
 */
export function afterNextFrame(fn: () => void, maxWaitMs?: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  if (typeof requestAnimationFrame !== 'function') {
    timer = setTimeout(fn, 0);
    return () => clearTimeout(timer!);
  }
  // the frame's task and the fallback race: whichever comes second does nothing
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  const fallback = maxWaitMs === undefined ? null : setTimeout(run, maxWaitMs);
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    if (fallback !== null) clearTimeout(fallback);
  };
}
