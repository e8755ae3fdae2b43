// Loads KaTeX and its stylesheet on first use, so pages without formulas never download them, and spreads typesetting over short tasks.
import type katexModule from 'katex';
import { afterNextFrame } from '../scheduling';

export type Katex = typeof katexModule;

let loading: Promise<Katex> | null = null;

/**
 * The KaTeX module, imported once; its CSS (and, through it, its fonts from this origin) comes with it, and so does
 * katexMathml.css, which keeps the hidden MathML copy of each formula from asking the system for fallback fonts.
 */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css'), import('./katexMathml.css')]).then(async ([m]) => {
    await loadKatexFonts();
    return m.default;
  });
  // a failed load may be retried by the next formula (e.g. after a network blip)
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** The faces nearly every formula uses (KaTeX's CSS names them; `font-display: block`). */
const KATEX_COMMON_FACES = ['1em KaTeX_Main', '1em KaTeX_Math', 'italic 1em KaTeX_Math', '1em KaTeX_Size1', '1em KaTeX_Size2', 'bold 1em KaTeX_Main', '1em KaTeX_AMS'];

/**
 * Fetches KaTeX's common faces before the first formula is typeset: a face that arrives after its formulas are on
 * the page makes the browser lay all of them out again, in one task (a card's formulas are over a thousand boxes).
 * A face that fails to load only means the browser swaps it in later.
 */
async function loadKatexFonts(): Promise<void> {
  const fonts = typeof document === 'undefined' ? undefined : document.fonts;
  if (!fonts?.load) return;
  await Promise.all(KATEX_COMMON_FACES.map((face) => fonts.load(face).catch(() => undefined)));
}

/**
 * Longest stretch of typesetting in one task, in ms. A batch of formulas is followed by the frame that lays them
 * out, so a card's dozen formulas cost several short tasks and several small layouts, not one long one of each.
 */
const TYPESET_BUDGET_MS = 8;
/**
 * At most about this many typeset elements per batch (a job reports its formula's count): laying a formula out costs
 * several times its typesetting, about 0.05–0.1 ms per element on a 2-core software-rendered machine.
 */
const TYPESET_BATCH_ELEMENTS = 250;
/** A formula's typesetting; returns how many elements it put on the page (for the batch budget), if it knows. */
type TypesetJob = () => number | void;
const typesetJobs: TypesetJob[] = [];
let typesetScheduled = false;

/**
 * Runs `job` (one formula's typesetting) in a later task, with others queued before it, in batches of at most about
 * TYPESET_BUDGET_MS and TYPESET_BATCH_ELEMENTS, each batch after the frame that laid out the one before: when KaTeX
 * arrives every waiting formula wants typesetting at once.
 */
export function typesetSoon(job: TypesetJob): void {
  typesetJobs.push(job);
  if (typesetScheduled) return;
  typesetScheduled = true;
  setTimeout(runTypesetJobs, 0);
}

function runTypesetJobs(): void {
  const start = performance.now();
  let elements = 0;
  try {
    while (typesetJobs.length > 0 && elements < TYPESET_BATCH_ELEMENTS && performance.now() - start < TYPESET_BUDGET_MS) {
      elements += typesetJobs.shift()!() ?? 1;
    }
  } finally {
    if (typesetJobs.length > 0) afterNextFrame(runTypesetJobs);
    else typesetScheduled = false;
  }
}
