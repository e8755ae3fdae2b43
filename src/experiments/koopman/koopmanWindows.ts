// Uploads sampled trajectories as the autoencoder's training windows (states and decoder targets, time-major).
import type { Backend } from '../../engine/backend';
import type { KoopmanWindows } from './koopmanLoss';

/**
 * @param states time-major ((S+1)·W, 2) as from sampleTrajectories(…, W, S)
 * @returns kept tensors (the caller disposes states and targets)
 */
export function uploadWindows(be: Backend, states: Float64Array, windows: number, horizon: number): KoopmanWindows {
  const W = windows;
  const S = horizon;
  if (!(S >= 1) || states.length !== (S + 1) * W * 2) throw new RangeError(`uploadWindows: ${states.length} numbers are not ${S + 1} steps of ${W} 2-D states`);
  const targets = new Float64Array((2 * S + 1) * W * 2);
  targets.set(states, 0);
  targets.set(states.subarray(W * 2), (S + 1) * W * 2);
  return {
    states: be.keep(be.upload(states, { rows: (S + 1) * W, cols: 2 })),
    targets: be.keep(be.upload(targets, { rows: (2 * S + 1) * W, cols: 2 })),
    windows: W,
    horizon: S,
  };
}
