// Plotly draws take turns, one per main-thread task after a rendered frame, so several plots (and the idle warm-up draws) never make one long task; during a run they draw while its compute waits.

import { afterNextFrame } from '../scheduling';

let drawChain: Promise<unknown> = Promise.resolve();
/** Draws queued and not yet finished. */
let queued = 0;
/** Whether a running run waits while plots draw (the runner says so: set at start and resume, cleared at pause and end). */
let yielding = false;
/** Whether the worker is waiting for a progress acknowledgement that the draws hold back. */
let parked = false;
/** The step of the report whose acknowledgement the worker waits for (0 where the caller gave none). */
let parkedAtStep = 0;
let heldAcks: (() => void)[] = [];
let parkWaiters: (() => void)[] = [];
/** Acknowledgements waiting for the page to render the report they acknowledge (acknowledgeAfterRender). */
let renderWaiters: (() => void)[] = [];

/**
 * How long a draw waits for the run's next progress report, the moment its compute stops, before it draws anyway
 * (while a step slower than this computes). A draw queued between two reports is a plot's throttled redraw or a
 * batch's render: the runner batches reports that come under 500 ms apart (QUIET_REPORT_MS), so the next one is
 * usually due within that, unless that step is slower (codecs' step 2 → 3 takes over a second). In webgpu quick runs
 * of eight pages, two rounds each, a 300-ms wait drew 10 of 219 draws while the worker computed, up to 146 ms
 * (compression's error-vs-size, about 45 ms parked); with 2 s none of 215, in about the same time to done (79.6 s
 * against 78.2). The cost: a redraw due between two reports shows when the next report comes (2 s later at most),
 * which is also when that plot's newer data comes.
 */
export const PARK_WAIT_MS = 2000;
/** The longest the worker waits for an acknowledgement, whatever the queue (a draw whose promise never settles). */
export const MAX_HOLD_MS = 2000;
/**
 * How long a report acknowledged after its render (acknowledgeAfterRender) waits for that render: a report that
 * changes no plot renders nothing that calls plotsRendered.
 */
export const RENDER_WAIT_MS = 250;
/** The longest a draw waits for the next rendered frame (a hidden tab renders none) before it draws anyway. */
export const FRAME_WAIT_MS = 100;

/**
 * Resolves in a task after the next rendered frame (or after FRAME_WAIT_MS without one; without frames at all, in
 * the next task). The frame does the style and layout that React's commit and the previous draw left pending, so
 * the draw starts on a clean document: plotly measures text and boxes as it draws, and each measure on a dirty
 * document recalculates the whole page's style and layout inside the draw's task (31 and 81 ms of two
 * draws of 108 and 171 ms, in a trace of hydra's quick run on cpu).
 */
function nextDrawTurn(): Promise<void> {
  return new Promise<void>((resolve) => afterNextFrame(resolve, FRAME_WAIT_MS));
}

/**
 * Runs `draw` in a task of its own after every draw queued before it, and after a rendered frame (nextDrawTurn):
 * several plots updating at once (a run's last step) then cost several short main-thread tasks instead of one long
 * one, and none of them pays for the page's pending style and layout.
 *
 * While a run that yields to draws is running (setRunYieldsToDraws: the runner's runs, on either backend), the
 * first draw of a turn waits (at most PARK_WAIT_MS) until the run reports progress, and that report's
 * acknowledgement waits until the queue is empty: the worker awaits it before its next step (src/worker/runHost.ts),
 * so the run's compute does not compete with the draws for the cores. On a 2-core machine that compute
 * (SwiftShader's threads) made the same plot's draw about 1.3–1.5× longer on webgpu than on cpu; on cpu, the
 * worker's thread and its garbage collector (src/runner/runner.ts has the figures).
 */
export function queueDraw<T>(draw: () => Promise<T>): Promise<T> {
  queued++;
  const result = drawChain
    .then(nextDrawTurn)
    .then(() => (yielding && !parked ? untilParked(PARK_WAIT_MS) : undefined))
    .then(draw)
    .finally(() => {
      queued--;
      if (queued === 0) releaseAcks();
    });
  drawChain = result.catch(() => undefined);
  return result;
}

/**
 * The step of the report whose acknowledgement a run that yields to draws waits for now (a draw now does not share
 * the cores with its compute), or null while it computes.
 */
export function runWaitsAt(): number | null {
  return yielding && parked ? parkedAtStep : null;
}

/**
 * The runner's acknowledgement of a progress report: at once (undefined) when no draw is queued; otherwise a promise
 * that resolves once the queued draws are done, and the worker waits for it.
 */
export function acknowledgeProgress(step = 0): Promise<void> | undefined {
  if (queued === 0 || !yielding) return undefined;
  park(step);
  return new Promise<void>(holdUntilDrawn);
}

/**
 * The acknowledgement of a report the runner put in the store at once, after a quiet spell (the run's first report,
 * or one after a slow step): the worker waits while the page renders it and draws the plots it changed, then goes
 * on. A draw queued after the acknowledgement (acknowledgeProgress) waits for the next report, which a slow step
 * sends only when it is done, so it drew while that step computed: in a trace of compression's webgpu run the worker
 * ran 70 ms of its next step during the first error-vs-size draw (138 ms), and subspace-clustering's first scatter,
 * shown at step 1, was drawn while the worker waited at step 4. Resolves when the page's plots have rendered
 * (plotsRendered) with no draw queued, or once the draws queued by then are done; after RENDER_WAIT_MS if nothing
 * renders.
 */
export function acknowledgeAfterRender(step = 0): Promise<void> | undefined {
  if (!yielding) return undefined;
  park(step);
  return new Promise<void>((resolve) => {
    let decided = false;
    const decide = () => {
      if (decided) return;
      decided = true;
      clearTimeout(timer);
      renderWaiters = renderWaiters.filter((w) => w !== decide);
      if (queued > 0 && yielding) return holdUntilDrawn(resolve);
      parked = workerStillWaits();
      resolve();
    };
    const timer = setTimeout(decide, RENDER_WAIT_MS);
    renderWaiters.push(decide);
  });
}

/**
 * The page's plots rendered a new run history (LivePlots calls it after each such commit, after its plots' own
 * effects): the plots it changed have queued their draws, unless their redraws are spaced (PlotlyPlot's throttle).
 */
export function plotsRendered(): void {
  for (const decide of [...renderWaiters]) decide();
}

/** The worker waits for an acknowledgement: the draws waiting for that moment go now. */
function park(step: number): void {
  parked = true;
  parkedAtStep = step;
  const waiters = parkWaiters;
  parkWaiters = [];
  for (const wake of waiters) wake();
}

/** Holds an acknowledgement until the queue is empty (releaseAcks), or MAX_HOLD_MS at most. */
function holdUntilDrawn(resolve: () => void): void {
  heldAcks.push(resolve);
  setTimeout(resolve, MAX_HOLD_MS);
}

/**
 * A run that waits while plots draw starts or resumes (true), or a run pauses or ends, or runs without waiting
 * (false). Either way the run's state changed: every held acknowledgement goes at once (a cancelled run waiting
 * for one then sees its cancel), and when runs stop waiting, so do the draws waiting for a report.
 */
export function setRunYieldsToDraws(active: boolean): void {
  yielding = active;
  plotsRendered();
  releaseAcks();
  if (!active) {
    const waiters = parkWaiters;
    parkWaiters = [];
    for (const wake of waiters) wake();
  }
}

function untilParked(maxWaitMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxWaitMs);
    parkWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Whether an acknowledgement is still held or waits for a render: the worker has not been let go yet. */
function workerStillWaits(): boolean {
  return heldAcks.length > 0 || renderWaiters.length > 0;
}

function releaseAcks(): void {
  const acks = heldAcks;
  heldAcks = [];
  parked = workerStillWaits();
  for (const ack of acks) ack();
}
