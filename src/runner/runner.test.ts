// The runner's progress acknowledgements: a run waits while plots are queued to draw, on either backend, and pause or cancel let a waiting run go.
import { afterEach, describe, expect, it } from 'vitest';
import type { SubspaceLab } from '../api/subspaceLab';
import type { Progress } from '../experiments/framework/types';
import { createLabStore } from '../store/store';
import { getExperiment } from '../experiments/registry';
import { openedPage } from '../ui/experiment/openedPage';
import { plotsRendered, queueDraw, setRunYieldsToDraws } from '../ui/plots/drawQueue';
import { createRunner, QUIET_REPORT_MS } from './runner';

type OnProgress = (p: Progress) => void | Promise<void>;

/** A lab whose run reports when the test says, and records what it was told. */
function fakeLab() {
  let report: OnProgress = () => {};
  let finish: () => void = () => {};
  const actions: string[] = [];
  const lab = {
    runs: {
      start: (_runId: string, _id: string, _config: unknown, onProgress: OnProgress) => {
        report = onProgress;
        return new Promise((resolve) => (finish = () => resolve({ status: 'done', message: null, steps: 1, config: {}, warnings: [] })));
      },
      control: async (_runId: string, action: string) => {
        actions.push(action);
        return true;
      },
    },
  } as unknown as SubspaceLab;
  return { lab, actions, report: (p: Progress) => report(p), finish: () => finish() };
}

function runnerOn(backend: 'cpu' | 'webgpu') {
  const store = createLabStore('#/spectrum');
  store.getState().engineReady({ backend, reason: '', device: null, webgpuError: null });
  store.getState().openExperiment(openedPage(getExperiment('spectrum')!, ''));
  const lab = fakeLab();
  return { ...lab, store, runner: createRunner(lab.lab, store) };
}

const progress: Progress = { step: 1, total: 2, metrics: {} };
const later = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

describe('createRunner', () => {
  afterEach(async () => {
    setRunYieldsToDraws(false);
    await later(10);
  });

  it.each(['webgpu', 'cpu'] as const)('on %s holds a progress acknowledgement while a plot is queued to draw, then lets it go', async (backend) => {
    const { runner, report, finish } = runnerOn(backend);
    const done = runner.start();
    // the run's first report is shown at once and acknowledged after the page renders it (below); this one is batched
    void report(progress);
    plotsRendered();
    await later(0);
    let drew = false;
    let release: () => void = () => {};
    void queueDraw(() => new Promise<void>((r) => (release = () => ((drew = true), r()))));
    const ack = report({ ...progress, step: 2 });
    expect(ack, 'the worker waits for this').toBeInstanceOf(Promise);
    let acknowledged = false;
    void ack!.then(() => (acknowledged = true));
    await later(5);
    expect(acknowledged).toBe(false);
    release();
    await later(5);
    expect([drew, acknowledged]).toEqual([true, true]);
    finish();
    await done;
  });

  it.each(['webgpu', 'cpu'] as const)('on %s puts a report after a quiet spell in the store at once, and holds its acknowledgement until the page has rendered it and drawn what it queued', async (backend) => {
    const { runner, report, finish, store } = runnerOn(backend);
    const done = runner.start();
    let acknowledged = false;
    void report(progress)!.then(() => (acknowledged = true));
    expect(store.getState().run.history, 'not batched').toHaveLength(1);
    // the render of that history queues a plot's draw
    let release: () => void = () => {};
    void queueDraw(() => new Promise<void>((r) => (release = r)));
    plotsRendered();
    await later(5);
    expect(acknowledged, 'the worker waits while the plot draws').toBe(false);
    release();
    await later(5);
    expect(acknowledged).toBe(true);
    // a slow step: the next report, after another quiet spell, is shown at once too
    await later(QUIET_REPORT_MS + 50);
    let second = false;
    void report({ ...progress, step: 2 })!.then(() => (second = true));
    expect(store.getState().run.history).toHaveLength(2);
    plotsRendered();
    await later(0);
    expect(second, 'nothing queued: acknowledged once rendered').toBe(true);
    finish();
    await done;
  });

  it('batches reports that come within QUIET_REPORT_MS of the one before (for FLUSH_MS), and acknowledges them at once when no plot is queued', async () => {
    const { runner, report, finish, store } = runnerOn('cpu');
    const done = runner.start();
    void report(progress);
    plotsRendered();
    await later(0);
    expect(report({ ...progress, step: 2 })).toBeUndefined();
    expect(store.getState().run.history).toHaveLength(1);
    await later(300);
    expect(store.getState().run.history).toHaveLength(2);
    finish();
    await done;
  });

  it('lets a held acknowledgement go on pause and on cancel', async () => {
    for (const stop of ['pause', 'cancel'] as const) {
      const { runner, report, finish, actions } = runnerOn('webgpu');
      const done = runner.start();
      let release: () => void = () => {};
      const draw = queueDraw(() => new Promise<void>((r) => (release = r)));
      let acknowledged = false;
      void report(progress)!.then(() => (acknowledged = true));
      await later(5);
      expect(acknowledged).toBe(false);
      runner[stop]();
      await later(0);
      expect(acknowledged, stop).toBe(true);
      expect(actions).toContain(stop);
      release();
      await draw;
      finish();
      await done;
    }
  });
});
