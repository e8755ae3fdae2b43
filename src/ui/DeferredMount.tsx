// Mounts its children after the page's next frame, in a transition: their render, commit and layout are tasks of their own instead of part of the page's first.
import { startTransition, useEffect, useState, type ReactNode } from 'react';
import { afterNextFrame } from './scheduling';

/**
 * Renders nothing on its first render, then `children` once the page around it has been painted. A page's whole
 * tree committed at once is one main-thread task (its DOM, then its layout), which on a 2-core software-rendered
 * machine ran past 100 ms; parts below the fold (the knobs, share and export panels) come a frame later instead.
 */
export function DeferredMount({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(false);
  useEffect(() => afterNextFrame(() => startTransition(() => setShown(true))), []);
  return shown ? children : null;
}
