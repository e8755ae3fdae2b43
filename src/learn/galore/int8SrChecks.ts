// Statistical checks of INT8 stochastic rounding on any backend, shared by the float64 unit test and the WebGPU browser test.
import type { Backend } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import { dequantizeInt8OnBackend, disposeInt8, quantizeInt8SrOnBackend } from './int8Kernels';

/** A sample mean and its standard error, in the units of the values rounded. */
export type MeanCheck = { mean: number; standardError: number; draws: number };

function meanAndError(values: Float64Array): MeanCheck {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, standardError: Math.sqrt(variance / n), draws: n };
}

/**
 * Rounds `value` (in units of the scale, so value/scale = x) `entries` times per step over `steps` steps (one draw per
 * entry and step: (seed, step, index) all vary) and returns the mean of scale·SR(x) over every draw.
 */
export async function meanOfRoundings(be: Backend, value: number, scale: number, entries: number, steps: number, seed: number): Promise<MeanCheck> {
  const all = new Float64Array(entries * steps);
  const w = be.keep(be.upload(new Float32Array(entries).fill(value), { rows: 1, cols: entries }));
  const s = be.keep(be.upload([scale], { rows: 1, cols: 1 }));
  try {
    for (let step = 0; step < steps; step++) {
      const q = quantizeInt8SrOnBackend(be, w, s, entries, seed, step);
      all.set(await readAndDispose(be, dequantizeInt8OnBackend(be, q)), step * entries);
      disposeInt8(be, q);
    }
  } finally {
    be.dispose(w);
    be.dispose(s);
  }
  return meanAndError(all);
}

/**
 * Starts `entries` weights at code `start` (scale fixed) and applies the update Δ = `update`·scale `steps` times as
 * w ← SR((w̃ + Δ)/scale): returns the final codes' mean. Round-to-nearest would keep every code at `start` when
 * |update| < 1/2; SR moves them by steps·update on average.
 */
export async function meanAfterTinyUpdates(be: Backend, start: number, update: number, scale: number, entries: number, steps: number, seed: number): Promise<MeanCheck> {
  const s = be.keep(be.upload([scale], { rows: 1, cols: 1 }));
  let w = be.keep(be.upload(new Float32Array(entries).fill(start * scale), { rows: 1, cols: entries }));
  try {
    for (let step = 0; step < steps; step++) {
      const shifted = be.tidy(() => be.elementwise('scale', w, null, 1, update * scale));
      const q = quantizeInt8SrOnBackend(be, shifted, s, entries, seed, step);
      be.dispose(shifted);
      be.dispose(w);
      w = be.keep(dequantizeInt8OnBackend(be, q));
      disposeInt8(be, q);
    }
    const codes = (await be.read(w)).map((v) => v / scale);
    return meanAndError(codes);
  } finally {
    be.dispose(w);
    be.dispose(s);
  }
}
