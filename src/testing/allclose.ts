// Tolerance checks in the llm.c style: |actual − expected| ≤ atol + rtol·|expected|, mismatches named by index.
import { expect } from 'vitest';

export type Tolerance = { rtol?: number; atol?: number };

/** Returns a message listing the first mismatches, or null when every entry is within tolerance. */
export function allcloseReport(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}, cols = 0): string | null {
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? 1e-6;
  if (actual.length !== expected.length) return `length ${actual.length} differs from expected ${expected.length}`;
  const bad: string[] = [];
  let count = 0;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const err = Math.abs(a - e);
    const ok = err <= atol + rtol * Math.abs(e) || (Number.isNaN(a) && Number.isNaN(e)) || a === e;
    if (!ok) {
      count++;
      worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
      if (bad.length < 5) {
        const where = cols > 0 ? `(${Math.floor(i / cols)}, ${i % cols})` : `[${i}]`;
        bad.push(`  at ${where}: got ${a}, expected ${e} (|diff| ${err.toExponential(2)})`);
      }
    }
  }
  if (!count) return null;
  return `${count} of ${actual.length} entries outside atol ${atol} + rtol ${rtol}·|expected| (worst |diff| ${worst.toExponential(2)}):\n${bad.join('\n')}`;
}

/** Asserts allclose; the failure message names the first mismatching entries. */
export function expectAllclose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}, cols = 0): void {
  const report = allcloseReport(actual, expected, tol, cols);
  expect(report, report ?? '').toBeNull();
}

/** Largest |x| of an array (to scale tolerances to the data). */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
