// Pure arithmetic of the d sweep: the intrinsic dimension from accuracy-vs-d, and the toy's d_int.

/** The smallest d whose accuracy reaches threshold·fullAccuracy, or −1 when none in the sweep does. */
export function intrinsicDimension(dValues: readonly number[], accuracy: readonly number[], fullAccuracy: number, threshold: number): number {
  const target = threshold * fullAccuracy;
  let best = -1;
  dValues.forEach((d, i) => {
    if (accuracy[i] >= target && (best < 0 || d < best)) best = d;
  });
  return best;
}

/**
 * Where accuracy-vs-log(d) first crosses the target, interpolating linearly in log d between the last d below it
 * and the first d at or above it; −1 when not crossed, the smallest d when already above at the start.
 */
export function interpolatedIntrinsicDimension(dValues: readonly number[], accuracy: readonly number[], fullAccuracy: number, threshold: number): number {
  const target = threshold * fullAccuracy;
  const order = dValues.map((d, i) => [d, accuracy[i]]).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < order.length; i++) {
    const [d, acc] = order[i];
    if (acc < target) continue;
    if (i === 0) return d;
    const [d0, a0] = order[i - 1];
    const t = (target - a0) / (acc - a0);
    return Math.exp(Math.log(d0) + t * (Math.log(d) - Math.log(d0)));
  }
  return -1;
}

/**
 * The toy's d_int: the smallest d whose loss is at most `relative`·‖targets‖² (≈ 0), or −1. The default 1e-9 is
 * where toy training stops; a d < 10 subspace whose floor lies that low by chance has probability ~1e-4.
 */
export function toyIntrinsicDimension(dValues: readonly number[], losses: readonly number[], scale: number, relative = 1e-9): number {
  let best = -1;
  dValues.forEach((d, i) => {
    if (losses[i] <= relative * scale && (best < 0 || d < best)) best = d;
  });
  return best;
}
