// The experiment page's slice of the store: the config being edited and the run being watched.
import type { Progress } from '../experiments/framework/types';
import type { RunOutcome } from '../worker/runHost';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'diverged' | 'failed';

export type PageState = {
  id: string | null;
  config: Record<string, unknown>;
  /** What the link had that could not be used. */
  warnings: string[];
  classroom: boolean;
  /** Fields a teacher fixed: shown, not editable. */
  hidden: string[];
  /** Panels the link hides (`hide=card,export…`, see url/viewState PANELS). */
  panels: string[];
  /** The one plot the link keeps (`plot=<id>`), or null for all. */
  plot: string | null;
  /** Embed mode (`embed=1`): one plot and its run button, for an iframe. */
  embed: boolean;
  /** Classroom mode shows one plot at a time. */
  plotIndex: number;
};

export type RunState = {
  runId: string | null;
  experimentId: string | null;
  status: RunStatus;
  message: string | null;
  history: Progress[];
  /** The config this run used (the page's config may have changed since). */
  config: Record<string, unknown> | null;
  startedAt: number;
  /** Milliseconds spent running (not paused). */
  elapsedMs: number;
};

export const MAX_HISTORY = 20_000;

export const idleRun: RunState = { runId: null, experimentId: null, status: 'idle', message: null, history: [], config: null, startedAt: 0, elapsedMs: 0 };

/** Appends progress, thinning the oldest half when the cap is reached (keeps every other entry). */
export function appendHistory(history: Progress[], batch: Progress[]): Progress[] {
  let h = history.concat(batch);
  if (h.length > MAX_HISTORY) {
    const half = Math.floor(h.length / 2);
    h = h.slice(0, half).filter((_, i) => i % 2 === 0).concat(h.slice(half));
  }
  return h;
}

/** The page's status after a run's outcome. */
export function statusOf(o: RunOutcome): RunStatus {
  return o.status;
}
