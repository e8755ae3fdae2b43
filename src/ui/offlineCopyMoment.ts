// When a first visit starts making its offline copy (the service worker's precache of the whole build): once the page has had time to load and prepare, in an idle moment, never during a run.
import { whenIdle } from './scheduling';

/**
 * How long after the app starts the service worker is registered. Its install fetches and stores the whole build
 * (28 files, about 9.5 MiB, both plotly bundles included) on threads of the page's own process: registered at the
 * load event, it competed with the page's opening on a 2-core machine (an A/B of 4 openings each, codecs/cpu: plotly's
 * evaluation 777–1044 ms with no service worker against 1281–1752 ms with it, the longest warm-up draw 58–113 against
 * 98–168 ms), and on a slow network it would share the bandwidth with the chunks the page itself is waiting for.
 */
export const OFFLINE_COPY_DELAY_MS = 10_000;
/** …and if a run is going on then, it waits for the run to end, then for an idle moment. */
const IDLE_TIMEOUT_MS = 2000;

type Hooks = {
  setTimeout(fn: () => void, ms: number): () => void;
  whenIdle(fn: () => void, timeoutMs: number): () => void;
};
const pageHooks: Hooks = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    return () => clearTimeout(h);
  },
  whenIdle,
};

/**
 * Calls `start` once: `delayMs` after now, at an idle moment when `busy()` is false; while busy, it waits for
 * `subscribe`'s next change that leaves it not busy. Returns the cancel (also drops the subscription).
 */
export function afterQuietStart(
  start: () => void,
  busy: () => boolean,
  subscribe: (onChange: () => void) => () => void,
  delayMs = OFFLINE_COPY_DELAY_MS,
  hooks: Hooks = pageHooks,
): () => void {
  let cancelStep = () => {};
  let unsubscribe = () => {};
  let done = false;
  const whenNotBusy = () => {
    if (done) return;
    if (busy()) {
      unsubscribe = subscribe(() => {
        if (busy()) return;
        unsubscribe();
        unsubscribe = () => {};
        whenNotBusy();
      });
      return;
    }
    cancelStep = hooks.whenIdle(() => {
      // a run may have started between the idle request and now
      if (busy()) return whenNotBusy();
      done = true;
      start();
    }, IDLE_TIMEOUT_MS);
  };
  cancelStep = hooks.setTimeout(whenNotBusy, delayMs);
  return () => {
    done = true;
    cancelStep();
    unsubscribe();
  };
}
