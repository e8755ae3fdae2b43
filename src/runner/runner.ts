// Starts, pauses, steps and cancels the page's run; batches streamed progress into the store a few times a second.
import type { SubspaceLab } from '../api/subspaceLab';
import type { LabStoreApi } from '../store/store';
import type { Progress } from '../experiments/framework/types';
import { markRunDone, markRunStart } from './perfMarks';
import { acknowledgeProgress, acknowledgeAfterRender, setRunYieldsToDraws } from '../ui/plots/drawQueue';

const FLUSH_MS = 250;
/**
 * A report this long after the one before (or the run's first) is put in the store at once, and the worker waits
 * while the page renders it and draws the plots it changed (acknowledgeAfterRender).
 */
export const QUIET_REPORT_MS = 500;

export type Runner = {
  /** Starts a run: straight through, paused before its first step, or one step then paused. */
  start(o?: { paused?: boolean; step?: boolean }): Promise<void>;
  pause(): void;
  resume(): void;
  step(): void;
  cancel(): void;
};

export function createRunner(lab: SubspaceLab, store: LabStoreApi): Runner {
  let counter = 0;
  let pending: Progress[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  // when the run's last progress report came (a report after a quiet spell is shown at once: see start)
  let lastReportAt = -Infinity;
  // running time excludes pauses
  let runningSince = 0;
  let banked = 0;
  const elapsed = () => banked + (runningSince ? performance.now() - runningSince : 0);

  const flush = () => {
    timer = null;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    store.getState().runProgress(batch, elapsed());
  };

  /*
   * A run waits while plots draw (drawQueue), on either backend. On webgpu its compute (SwiftShader's threads on a
   * software adapter) took the cores the draws needed. On cpu the worker's thread and, until the cpu backend reused
   * its arrays (cpu/float64Pool.ts), its garbage collector's sweeps did. On a 2-core machine, six pages' quick runs on
   * cpu (hydra, dynamic-subspaces, bayesian-sparse, robust-recovery, codecs, compression; two rounds, with the
   * pool): the longest task while running 0–78 ms waiting, 0–178 ms not (two of twelve over 100), tasks over 50 ms
   * 13 against 31, the runs' total time 31.7 s against 31.1 s.
   */

  const control = (action: 'pause' | 'resume' | 'step' | 'cancel') => {
    const { runId } = store.getState().run;
    if (!runId) return;
    void lab.runs.control(runId, action);
  };

  return {
    async start(o = {}) {
      const st = store.getState();
      const id = st.page.id;
      if (!id) return;
      if (st.run.runId) control('cancel');
      const runId = `ui-${++counter}`;
      const config = { ...st.page.config };
      pending = [];
      banked = 0;
      lastReportAt = -Infinity;
      const paused = !!(o.paused || o.step);
      runningSince = paused ? 0 : performance.now();
      markRunStart();
      // a cancelled run waiting for an acknowledgement gets it now, so it can see the cancel
      setRunYieldsToDraws(!paused);
      st.runStarted(runId, id, config, paused);
      try {
        const outcome = await lab.runs.start(
          runId,
          id,
          config,
          (p) => {
            if (store.getState().run.runId !== runId) return;
            pending.push(p);
            const now = performance.now();
            const afterQuiet = now - lastReportAt >= QUIET_REPORT_MS;
            lastReportAt = now;
            if (afterQuiet) {
              if (timer) clearTimeout(timer);
              flush();
              return acknowledgeAfterRender(p.step);
            }
            timer ??= setTimeout(flush, FLUSH_MS);
            // while plots are queued to draw, the worker waits here before its next step (drawQueue)
            return acknowledgeProgress(p.step);
          },
          o.step ? 'step' : paused ? 'paused' : 'run',
        );
        if (store.getState().run.runId !== runId) return;
        setRunYieldsToDraws(false);
        if (timer) clearTimeout(timer);
        flush();
        const total = elapsed();
        runningSince = 0;
        store.getState().runEnded(outcome, total);
        markRunDone();
      } catch (e) {
        if (store.getState().run.runId !== runId) return;
        setRunYieldsToDraws(false);
        flush();
        store.getState().runEnded({ status: 'failed', message: (e as Error).message }, elapsed());
      }
    },
    pause() {
      if (runningSince) banked += performance.now() - runningSince;
      runningSince = 0;
      setRunYieldsToDraws(false);
      store.getState().runPaused(true);
      control('pause');
    },
    resume() {
      if (!runningSince) runningSince = performance.now();
      setRunYieldsToDraws(true);
      store.getState().runPaused(false);
      control('resume');
    },
    step() {
      setRunYieldsToDraws(false);
      store.getState().runPaused(true);
      control('step');
    },
    cancel() {
      setRunYieldsToDraws(false);
      control('cancel');
    },
  };
}
