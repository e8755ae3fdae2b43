// Keeps an unchanged plot's spec object from one progress batch to the next, so only the plots whose data changed redraw.
import type { PlotSpec } from '../../experiments/framework/types';

/** Structural equality of plain data (numbers by Object.is, so NaN equals NaN); stops at the first difference. */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlainData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!samePlainData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * `next` with every spec that equals the previous batch's spec of the same id replaced by that previous object
 * (PlotlyPlot redraws only on a new object). Returns `prev` itself when nothing changed at all.
 * @param prev the specs shown now
 * @param next the specs just built from the history
 */
export function stablePlots(prev: readonly PlotSpec[], next: PlotSpec[]): PlotSpec[] {
  const byId = new Map(prev.map((p) => [p.id, p]));
  let changed = prev.length !== next.length;
  const out = next.map((spec, i) => {
    const old = byId.get(spec.id);
    if (old && samePlainData(old, spec)) {
      if (prev[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return spec;
  });
  return changed ? out : (prev as PlotSpec[]);
}
