// Loads KaTeX and its stylesheet on first use, so pages without formulas never download them.
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
