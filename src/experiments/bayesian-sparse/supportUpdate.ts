// SSVI's basis selection: how many coordinates to swap, which to remove (low |μ|/σ) and add (large |∂NLL/∂θ|), and
// moving per-coordinate state (μ, ρ, Adam moments) to the new support's slots on the device.
import type { Backend, Tensor } from '../../engine/backend';
import { copySegment, gatherRows } from '../../learn/gatherKernels';

/**
 * Coordinates swapped at update `update` of `updates`: fraction·s·½(1 + cos(π·update/updates)), a cosine decay to 0
 * as in RigL, never more than the support (s) or its complement (D − s) holds.
 */
export function cosineSwapCount(fraction: number, supportSize: number, dimension: number, update: number, updates: number): number {
  const decay = 0.5 * (1 + Math.cos((Math.PI * update) / Math.max(1, updates)));
  return Math.max(0, Math.min(Math.round(fraction * supportSize * decay), supportSize, dimension - supportSize));
}

/**
 * Positions of the `k` largest scores (ties: the lower position first), optionally among `eligible` positions only.
 * Scores must be finite: a NaN here means training diverged, and that is an error, not a ranking.
 */
export function largestScores(scores: ArrayLike<number>, k: number, eligible?: (i: number) => boolean): Int32Array {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`support update: score ${i} is ${scores[i]} (training diverged)`);
    if (!eligible || eligible(i)) candidates.push(i);
  }
  candidates.sort((a, b) => scores[b] - scores[a] || a - b);
  return Int32Array.from(candidates.slice(0, k));
}

/** A new support and where each of its slots comes from. */
export type SupportChange = {
  /** The new flat indices, ascending, as many as before. */
  indices: Int32Array;
  /** slotMap[j] = the old slot of new slot j's coordinate, or −1 for an added coordinate. */
  slotMap: Int32Array;
  removed: Int32Array;
  added: Int32Array;
};

/**
 * Removes the `count` support coordinates with the smallest signal-to-noise ratio |μ|/σ and adds the `count`
 * coordinates off the support with the largest |∂NLL/∂θ| (just-removed ones are not eligible), keeping |S| fixed.
 * @param indices the support, ascending (s); signalToNoise per slot (s); gradMagnitude per coordinate (D)
 */
export function removeAndAdd(indices: Int32Array, signalToNoise: ArrayLike<number>, gradMagnitude: ArrayLike<number>, count: number): SupportChange {
  if (signalToNoise.length !== indices.length) throw new RangeError(`removeAndAdd: ${signalToNoise.length} scores for ${indices.length} slots`);
  const negated = Float64Array.from(signalToNoise, (v) => -v);
  const removedSlots = largestScores(negated, count);
  const onSupport = new Set(indices);
  const added = largestScores(gradMagnitude, count, (i) => !onSupport.has(i));
  if (added.length !== removedSlots.length) throw new RangeError(`removeAndAdd: ${removedSlots.length} removed but only ${added.length} coordinates to add`);
  const dropped = new Set(removedSlots);
  const next: [number, number][] = [];
  indices.forEach((idx, slot) => { if (!dropped.has(slot)) next.push([idx, slot]); });
  for (const idx of added) next.push([idx, -1]);
  next.sort((a, b) => a[0] - b[0]);
  return {
    indices: Int32Array.from(next, (p) => p[0]),
    slotMap: Int32Array.from(next, (p) => p[1]),
    removed: Int32Array.from(removedSlots, (slot) => indices[slot]).sort(),
    added: Int32Array.from(added).sort(),
  };
}

/**
 * In place on the device: t[j] ← t[slotMap[j]], or `fill` where slotMap[j] = −1 (a gather from t with one extra
 * row holding `fill`).
 * @param t (s, 1); slotMap (s, 1) old slots as floats, with −1 already replaced by s
 */
export function remapSlots(be: Backend, t: Tensor, slotMap: Tensor, fill: number): void {
  const s = t.rows * t.cols;
  be.tidy(() => {
    const extended = be.fill({ rows: s + 1, cols: 1 }, fill);
    copySegment(be, t, 0, extended, 0, s);
    copySegment(be, gatherRows(be, extended, slotMap, 0, s), 0, t, 0, s);
  });
}

/** The slot map as a device tensor for remapSlots (−1 → s, the fill row). Keep it while remapping; then dispose. */
export function uploadSlotMap(be: Backend, slotMap: Int32Array): Tensor {
  return be.upload(Float64Array.from(slotMap, (v) => (v < 0 ? slotMap.length : v)), { rows: slotMap.length, cols: 1 });
}
