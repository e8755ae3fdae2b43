// The page asks the worker to warm an experiment page once per page and engine start, only on webgpu, never on the gallery.
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store/store';
import { pipelinesPending, startPageWarmups, warmupWantedFrom } from './pageWarmup';
import { PERF_MARKS } from './perfMarks';

function setup(hash: string, state: 'done' | 'cancelled' = 'done') {
  const store = createLabStore(hash);
  const warmed: string[] = [];
  const lab = { experiments: { warm: async (id: string) => { warmed.push(id); return { state, done: 0, total: 0, compiled: 0, missing: [], failed: [], ms: 0 }; } } };
  startPageWarmups(lab as never, store, (fn) => fn());
  const open = (id: string) => {
    store.getState().navigate(`#/${id}`);
    store.getState().openExperiment({ id, config: {}, warnings: [], classroom: false, hidden: [], panels: [], plot: null, embed: false });
  };
  const ready = (backend: 'webgpu' | 'cpu') => store.getState().engineReady({ backend, reason: '', device: null, webgpuError: null });
  return { store, warmed, open, ready };
}

describe('page warm-up trigger', () => {
  it('warms an open page once the webgpu engine is ready, once, and again after the engine restarts', () => {
    const { store, warmed, open, ready } = setup('#/spectrum');
    open('spectrum');
    expect(warmed).toEqual([]); // the engine is still starting
    ready('webgpu');
    expect(warmed).toEqual(['spectrum']);
    store.getState().setConfig({ k: 3 });
    expect(warmed).toEqual(['spectrum']);
    open('lora');
    expect(warmed).toEqual(['spectrum', 'lora']);
    store.getState().engineStarting('auto'); // a device loss: the engine restarts
    ready('webgpu');
    expect(warmed).toEqual(['spectrum', 'lora', 'lora']);
  });

  it('does nothing on the cpu backend or on the gallery', () => {
    const { store, warmed, open, ready } = setup('#/');
    ready('webgpu');
    expect(warmed).toEqual([]);
    store.getState().engineStarting('cpu');
    ready('cpu');
    open('spectrum');
    expect(warmed).toEqual([]);
  });

  it('marks the page\'s pipelines warm once a warm-up finishes, not when a run cancelled it (the app bench waits for the mark)', async () => {
    const marked = () => performance.getEntriesByName(PERF_MARKS.pipelinesWarm).length;
    for (const [state, expected] of [['cancelled', 0], ['done', 1]] as const) {
      performance.clearMarks(PERF_MARKS.pipelinesWarm);
      const { open, ready } = setup('#/spectrum', state);
      open('spectrum');
      ready('webgpu');
      await new Promise((r) => setTimeout(r, 0));
      expect(marked()).toBe(expected);
    }
  });

  it('?warm=0 turns it off; anything else leaves it on', () => {
    expect(warmupWantedFrom('?backend=webgpu&warm=0')).toBe(false);
    expect(warmupWantedFrom('?backend=webgpu')).toBe(true);
    expect(warmupWantedFrom('?warm=1')).toBe(true);
  });
});

describe('pipelinesPending (plotly\'s warm-up draws wait while it holds)', () => {
  it('holds from the engine\'s start until this page\'s warm-up on webgpu is done or cancelled', () => {
    const { store, open, ready } = setup('#/spectrum');
    open('spectrum');
    const pending = () => pipelinesPending(store.getState(), true);
    expect(pending(), 'the backend is not known yet').toBe(true);
    ready('webgpu');
    expect(pending(), 'ready, the warm-up not reported yet').toBe(true);
    const report = (pageId: string, state: 'warming' | 'done' | 'cancelled') => store.getState().warmupProgress({ pageId, state, done: 0, total: 3 });
    report('spectrum', 'warming');
    expect(pending()).toBe(true);
    report('lora', 'done');
    expect(pending(), "another page's warm-up says nothing of this one").toBe(true);
    report('spectrum', 'done');
    expect(pending()).toBe(false);
    report('spectrum', 'cancelled');
    expect(pending(), 'a run cancelled it').toBe(false);
    expect(pipelinesPending(store.getState(), false), '?warm=0: no warm-up to wait for').toBe(false);
  });

  it('does not hold on the cpu backend or when the engine failed', () => {
    const { store, open, ready } = setup('#/spectrum');
    open('spectrum');
    ready('cpu');
    expect(pipelinesPending(store.getState(), true)).toBe(false);
    store.getState().engineFailed('no worker');
    expect(pipelinesPending(store.getState(), true)).toBe(false);
  });
});
