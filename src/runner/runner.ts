// Starts, pauses, steps and cancels the page's run; batches streamed progress into the store a few times a second.
import type { SubspaceLab } from '../api/subspaceLab';
import type { LabStoreApi } from '../store/store';
import type { Progress } from '../experiments/framework/types';
import { markRunDone, markRunStart } from './perfMarks';
import { acknowledgeProgress, setRunYieldsToDraws } from '../ui/plots/drawQueue';

const FLUSH_MS = 250;

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

  /**
   * A webgpu run waits while plots draw (drawQueue): its compute, SwiftShader's threads on a software adapter, took
   * the cores the draws needed. A cpu run's compute is one worker thread on a core of its own: waiting only slowed
   * the run (koopman's quick run 15–30 % longer in an A/B), with no fewer long tasks.
   */
  const yieldsToDraws = () => store.getState().engine.backend === 'webgpu';

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
      const paused = !!(o.paused || o.step);
      runningSince = paused ? 0 : performance.now();
      markRunStart();
      // a cancelled run waiting for an acknowledgement gets it now, so it can see the cancel
      setRunYieldsToDraws(!paused && yieldsToDraws());
      st.runStarted(runId, id, config, paused);
      try {
        const outcome = await lab.runs.start(
          runId,
          id,
          config,
          (p) => {
            if (store.getState().run.runId !== runId) return;
            pending.push(p);
            timer ??= setTimeout(flush, FLUSH_MS);
            // while plots are queued to draw, the worker waits here before its next step (drawQueue)
            return acknowledgeProgress();
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
      setRunYieldsToDraws(yieldsToDraws());
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
