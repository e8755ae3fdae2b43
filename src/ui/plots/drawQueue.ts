// Plotly draws take turns, one per main-thread task, so several plots (and the idle warm-up draws) never make one long task.

let drawChain: Promise<unknown> = Promise.resolve();

/**
 * Runs `draw` in a task of its own after every draw queued before it: several plots updating at once (a run's
 * last step) then cost several short main-thread tasks instead of one long one.
 */
export function queueDraw<T>(draw: () => Promise<T>): Promise<T> {
  const result = drawChain.then(() => new Promise<void>((r) => setTimeout(r, 0))).then(draw);
  drawChain = result.catch(() => undefined);
  return result;
}
