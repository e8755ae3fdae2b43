// Shows the parts of a long block one rendered frame apart (a card's paragraphs), so each part's layout is a short task of its own.
import { useEffect, useState } from 'react';
import { afterNextFrame } from './scheduling';

/**
 * The longest a part waits for a rendered frame before it is shown anyway: a hidden tab renders none, and shows its
 * parts a second apart until it is shown. Long enough for a frame held back by a long task (plotly's evaluation,
 * 700 ms here, can start in an idle moment while a card is being shown) to come first.
 */
export const REVEAL_FRAME_WAIT_MS = 1000;

/**
 * How many of the `total` parts of block `key` to show: one at first, then one more after each frame that has laid out the last
 * (or after REVEAL_FRAME_WAIT_MS without a frame). Each part waits for the layout of the one before, so no two land
 * in one frame's layout: a card laid out whole with its page was that page's first layout, 81 ms of one 98-ms task
 * on sampling's page (2-core machine, under a trace), most of it shaping and breaking its text into lines.
 */
export function useStaggeredReveal(total: number, key: string): number {
  // `key` names the block (a page's id): another block starts again from its first part
  const [state, setState] = useState({ key, shown: 1 });
  const shown = state.key === key ? state.shown : 1;
  if (state.key !== key) setState({ key, shown: 1 });
  useEffect(() => {
    if (shown >= total) return;
    return afterNextFrame(() => setState((s) => (s.key === key ? { key, shown: s.shown + 1 } : s)), REVEAL_FRAME_WAIT_MS);
  }, [shown, total, key]);
  return Math.min(shown, total);
}
