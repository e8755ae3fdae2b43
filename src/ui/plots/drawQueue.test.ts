// queueDraw: one draw per task, in order; while a webgpu run runs, draws wait for its next progress report and hold its acknowledgement until they are done.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_WAIT_MS, MAX_HOLD_MS, PARK_WAIT_MS, RENDER_WAIT_MS } from './drawQueue';
import { QUIET_REPORT_MS } from '../../runner/runner';

type DrawQueue = typeof import('./drawQueue');
/** A fresh queue for each test: a draw that never settles (one test makes one) would hold the module's queue. */
let q: DrawQueue;

/** Resolves after `ms` (0: in the next task). */
const later = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));
/** Resolves once `done()` holds, checking every millisecond, or after `maxMs` (far below PARK_WAIT_MS) at the latest. */
const until = async (done: () => boolean, maxMs = 200) => {
  for (const end = Date.now() + maxMs; !done() && Date.now() < end; ) await later(1);
};
/** Lets every pending promise callback run, within this task. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** Gives each test of the block a fresh queue (q), and ends any run a test started. */
function withFreshQueue(): void {
  beforeEach(async () => {
    vi.resetModules();
    q = await import('./drawQueue');
  });
  afterEach(async () => {
    q.setRunYieldsToDraws(false);
    await later(10);
  });
}

/** An acknowledgement the worker would await, and whether it has come. */
function awaited(ack: Promise<void> | undefined): { done: boolean } {
  const state = { done: false };
  void ack!.then(() => (state.done = true));
  return state;
}

describe('queueDraw', () => {
  withFreshQueue();

  it('draws in order, each in a task of its own, and acknowledges progress at once outside a run', async () => {
    const log: string[] = [];
    let betweenDraws: string[] = [];
    const a = q.queueDraw(async () => {
      log.push('a');
      // a task queued during a's draw runs before b's draw: b draws in a later task
      setTimeout(() => (betweenDraws = [...log]), 0);
    });
    const b = q.queueDraw(async () => log.push('b'));
    expect(q.acknowledgeProgress()).toBeUndefined();
    expect(log).toEqual([]);
    await Promise.all([a, b]);
    expect(log).toEqual(['a', 'b']);
    expect(betweenDraws).toEqual(['a']);
  });

  it('while a run yields to draws, draws once the run reports progress, and holds that acknowledgement until every queued draw is done', async () => {
    q.setRunYieldsToDraws(true);
    const log: string[] = [];
    void q.queueDraw(async () => log.push('first'));
    void q.queueDraw(async () => log.push('second'));
    await later(PARK_WAIT_MS / 2);
    expect(log, 'no draw before the run reports progress').toEqual([]);
    let acknowledged = false;
    void q.acknowledgeProgress()!.then(() => (acknowledged = true));
    await settle();
    expect(log).toEqual(['first']);
    expect(acknowledged, 'the worker still waits: a draw is queued').toBe(false);
    await until(() => log.length === 2);
    await settle();
    expect(log).toEqual(['first', 'second']);
    expect(acknowledged).toBe(true);
    // with nothing queued, the next report is acknowledged at once
    expect(q.acknowledgeProgress()).toBeUndefined();
  });

  it('draws anyway when the run reports nothing for PARK_WAIT_MS', async () => {
    q.setRunYieldsToDraws(true);
    const log: string[] = [];
    void q.queueDraw(async () => log.push('late'));
    await later(PARK_WAIT_MS - 50);
    expect(log).toEqual([]);
    await later(100);
    expect(log).toEqual(['late']);
  });

  it('a draw queued between two batched reports waits for the next, even one a whole batching threshold later', async () => {
    q.setRunYieldsToDraws(true);
    const waitedAt: (number | null)[] = [];
    void q.queueDraw(async () => waitedAt.push(q.runWaitsAt()));
    // reports under QUIET_REPORT_MS apart are batched (runner.ts); a slower step's report may come later still
    await later(2 * QUIET_REPORT_MS);
    expect(waitedAt, 'it did not draw while the run computed').toEqual([]);
    const ack = awaited(q.acknowledgeProgress(9));
    await later(FRAME_WAIT_MS + 20);
    expect(waitedAt, 'it drew while the worker waited at step 9').toEqual([9]);
    expect(ack.done).toBe(true);
  });

  it('lets a held acknowledgement go when the run pauses or ends', async () => {
    q.setRunYieldsToDraws(true);
    let release: () => void = () => {};
    void q.queueDraw(() => new Promise<void>((r) => (release = r)));
    await later();
    let acknowledged = false;
    void q.acknowledgeProgress()!.then(() => (acknowledged = true));
    await later(5);
    expect(acknowledged).toBe(false);
    q.setRunYieldsToDraws(false);
    await settle();
    expect(acknowledged).toBe(true);
    release();
  });

  it('holds an acknowledgement at most MAX_HOLD_MS, even behind a draw that never ends', async () => {
    q.setRunYieldsToDraws(true);
    void q.queueDraw(() => new Promise<void>(() => {}));
    let acknowledged = false;
    void q.acknowledgeProgress()!.then(() => (acknowledged = true));
    await later(MAX_HOLD_MS - 100);
    expect(acknowledged).toBe(false);
    await later(200);
    expect(acknowledged).toBe(true);
  }, 10_000);

  it('a draw that fails does not hold the queue or the run', async () => {
    q.setRunYieldsToDraws(true);
    const failed = q.queueDraw(async () => {
      throw new Error('plotly failed');
    });
    const next = q.queueDraw(async () => 'drawn');
    const ack = q.acknowledgeProgress()!;
    await expect(failed).rejects.toThrow('plotly failed');
    await expect(next).resolves.toBe('drawn');
    await expect(ack).resolves.toBeUndefined();
  });
});

describe('acknowledgeAfterRender', () => {
  withFreshQueue();

  it('acknowledges at once outside a run', () => {
    expect(q.acknowledgeAfterRender()).toBeUndefined();
  });

  it('holds the acknowledgement until the page has rendered the report and drawn the plots that render queued', async () => {
    q.setRunYieldsToDraws(true);
    const log: string[] = [];
    const ack = awaited(q.acknowledgeAfterRender(4));
    expect(q.runWaitsAt(), 'the worker waits at step 4').toBe(4);
    // the render queues the changed plots' draws, then tells the queue it is done
    void q.queueDraw(async () => log.push('first'));
    void q.queueDraw(async () => log.push('second'));
    q.plotsRendered();
    await settle();
    expect(ack.done, 'the worker waits while the draws are queued').toBe(false);
    await until(() => log.length === 2);
    await settle();
    // the worker was already waiting, so the draws did not wait PARK_WAIT_MS for a report
    expect(log).toEqual(['first', 'second']);
    expect(ack.done).toBe(true);
    expect(q.runWaitsAt(), 'the run computes again').toBeNull();
  });

  it('acknowledges as soon as the page has rendered when the render queued no draw', async () => {
    q.setRunYieldsToDraws(true);
    const ack = awaited(q.acknowledgeAfterRender());
    await later(5);
    expect(ack.done, 'waits for the render').toBe(false);
    q.plotsRendered();
    await settle();
    expect(ack.done).toBe(true);
  });

  it('acknowledges after RENDER_WAIT_MS when nothing renders, and then draws queued later wait for the next report again', async () => {
    q.setRunYieldsToDraws(true);
    const ack = awaited(q.acknowledgeAfterRender());
    await later(RENDER_WAIT_MS - 50);
    expect(ack.done).toBe(false);
    await later(100);
    expect(ack.done).toBe(true);
    const log: string[] = [];
    void q.queueDraw(async () => log.push('later'));
    await later(PARK_WAIT_MS / 2);
    expect(log, 'the run computes again: the draw waits for its next report').toEqual([]);
    expect(q.acknowledgeProgress()).toBeInstanceOf(Promise);
    await later(5);
    expect(log).toEqual(['later']);
  });

  it('a draw queued while the worker waits for the render draws at once, even if an earlier draw emptied the queue meanwhile', async () => {
    q.setRunYieldsToDraws(true);
    const log: string[] = [];
    void q.queueDraw(async () => log.push('throttled'));
    const ack = awaited(q.acknowledgeAfterRender());
    await later(5);
    expect(log, 'the worker waits: the queued draw goes').toEqual(['throttled']);
    void q.queueDraw(async () => log.push('rendered'));
    await later(5);
    expect(log, 'still waiting for the render: no wait for a report').toEqual(['throttled', 'rendered']);
    expect(ack.done).toBe(false);
    q.plotsRendered();
    await settle();
    expect(ack.done).toBe(true);
  });

  it('lets the acknowledgement go when the run pauses or ends before the page renders', async () => {
    q.setRunYieldsToDraws(true);
    const ack = awaited(q.acknowledgeAfterRender());
    await later(5);
    q.setRunYieldsToDraws(false);
    await settle();
    expect(ack.done).toBe(true);
  });
});

describe('queueDraw where the page renders frames', () => {
  /** The frame callbacks requested and not yet run: a test renders a frame by running them. */
  let frames: (() => void)[];
  beforeEach(async () => {
    vi.resetModules();
    q = await import('./drawQueue');
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    await later(FRAME_WAIT_MS + 20);
  });
  const renderFrame = () => {
    const due = frames;
    frames = [];
    for (const cb of due) cb();
  };

  it('draws in a task after the next rendered frame, so the frame does the style and layout left pending', async () => {
    const log: string[] = [];
    const a = q.queueDraw(async () => log.push('a'));
    const b = q.queueDraw(async () => log.push('b'));
    await later(20);
    expect(log).toEqual([]);
    expect(frames).toHaveLength(1);
    renderFrame();
    // not inside the frame's callback: in a task after it
    expect(log).toEqual([]);
    await a;
    expect(log).toEqual(['a']);
    // b waits for a frame of its own, after a's draw
    await later(20);
    expect(log).toEqual(['a']);
    renderFrame();
    await b;
    expect(log).toEqual(['a', 'b']);
  });

  it('draws anyway after FRAME_WAIT_MS when no frame comes (a hidden tab)', async () => {
    let drawn = false;
    const a = q.queueDraw(async () => (drawn = true));
    await later(FRAME_WAIT_MS / 2);
    expect(drawn).toBe(false);
    await a;
    expect(drawn).toBe(true);
    expect(frames).toHaveLength(1);
  });
});
