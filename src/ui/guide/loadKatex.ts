// Loads KaTeX and its stylesheet on first use, so pages without formulas never download them, and spreads typesetting over short tasks.
import type katexModule from 'katex';

export type Katex = typeof katexModule;

let loading: Promise<Katex> | null = null;

/** The KaTeX module, imported once; its CSS (and, through it, its fonts from this origin) comes with it. */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  // a failed load may be retried by the next formula (e.g. after a network blip)
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Longest stretch of typesetting in one task, in ms: a card's dozen formulas must not make one long task. */
const TYPESET_BUDGET_MS = 16;
const typesetJobs: (() => void)[] = [];
let typesetScheduled = false;

/**
 * Runs `job` (one formula's typesetting) in a later task, with others queued before it, in tasks of at most about
 * TYPESET_BUDGET_MS each: when KaTeX arrives every waiting formula wants typesetting at once.
 */
export function typesetSoon(job: () => void): void {
  typesetJobs.push(job);
  if (typesetScheduled) return;
  typesetScheduled = true;
  setTimeout(runTypesetJobs, 0);
}

function runTypesetJobs(): void {
  const start = performance.now();
  try {
    while (typesetJobs.length > 0 && performance.now() - start < TYPESET_BUDGET_MS) typesetJobs.shift()!();
  } finally {
    if (typesetJobs.length > 0) setTimeout(runTypesetJobs, 0);
    else typesetScheduled = false;
  }
}
