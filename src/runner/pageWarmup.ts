// Asks the worker to compile the open page's pipelines ahead of need, once the page has painted and the browser is idle.
import type { SubspaceLab } from '../api/subspaceLab';
import type { LabState, LabStoreApi } from '../store/store';
import { PERF_MARKS, perfMark } from './perfMarks';

/** `?warm=0` in the page URL turns warming off (the warm-start bench measures cold first runs with it). */
export function warmupWantedFrom(search: string): boolean {
  return new URLSearchParams(search).get('warm') !== '0';
}

/**
 * Whether the open page's pipelines are still to be compiled, or being compiled, ahead of need: from the engine's
 * start (its backend is not known yet) until its warm-up for this page is done or cancelled, on webgpu with warming
 * on. plotly's warm-up draws wait for it (usePlotlyWarmup): a software GPU compiles on the same cores.
 */
export function pipelinesPending(s: Pick<LabState, 'engine' | 'warmup' | 'page'>, warmWanted: boolean): boolean {
  if (!warmWanted || s.engine.status === 'failed') return false;
  if (s.engine.status === 'starting') return true;
  if (s.engine.backend !== 'webgpu') return false;
  return !(s.warmup && s.warmup.pageId === s.page.id && s.warmup.state !== 'warming');
}

/**
 * Starts a warm-up whenever an experiment page is open on a ready webgpu engine and has not been
 * warmed on this engine yet (a restart after a device loss warms again). Low priority: it waits for
 * an idle moment after paint, and the worker drops it as soon as a run starts. Returns the unsubscribe.
 */
export function startPageWarmups(lab: Pick<SubspaceLab, 'experiments'>, store: LabStoreApi, schedule: (fn: () => void) => void = afterPaintWhenIdle): () => void {
  let warmed: string | null = null;
  const check = () => {
    const { engine, page, route } = store.getState();
    if (engine.status !== 'ready') {
      warmed = null;
      return;
    }
    const id = route.page === 'experiment' && page.id === route.id ? page.id : null;
    if (engine.backend !== 'webgpu' || !id || warmed === id) return;
    warmed = id;
    // the mark tells the app bench when this page's pipelines are compiled (a reader's pause ends after it)
    const markWarm = (r: { state: string }) => r.state === 'done' && perfMark(PERF_MARKS.pipelinesWarm);
    schedule(() => void lab.experiments.warm(id).then(markWarm).catch(() => {}));
  };
  const unsubscribe = store.subscribe(check);
  check();
  return unsubscribe;
}

/** After the next frame, then once the main thread is idle (or 2 s at the latest). */
function afterPaintWhenIdle(fn: () => void): void {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(idle);
  else setTimeout(idle, 0);
}
