// 1,000 seeded random and malformed CSV files: parseCsv returns a well-formed finite matrix or a CsvError, nothing else.
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { CsvError, parseCsv, type CsvOptions } from './csv';
import { mutate, pick, randomText } from '../testing/fuzz';

const PIECES = ['0', '1', '7', '-', '+', '.', 'e', 'E', ',', ';', '\t', ' ', '\n', '\r\n', '\r', '"', '#', 'x', 'NaN', 'Infinity', '1e999', '1e39', '-3.5e38', '\uFEFF', 'é', '😀', '\u0000', ',,'];

/** A plausible CSV (optional header and label column), so mutations land near the valid grammar. */
function plausibleCsv(rng: Rng): string {
  const rows = 1 + rng.int(6), cols = 1 + rng.int(5);
  const sep = pick(rng, [',', ';', '\t', ' ']);
  const lines = rng.int(2) ? [Array.from({ length: cols }, (_, c) => `c${c}`).join(sep)] : [];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, () => (rng.normal() * 10 ** rng.int(6)).toPrecision(1 + rng.int(8))).join(sep));
  return lines.join(pick(rng, ['\n', '\r\n']));
}

describe('parseCsv under fuzzing', () => {
  it('1,000 inputs: a finite matrix of the stated shape, or a CsvError', () => {
    const rng = new Rng(20261202);
    const outcomes = { parsed: 0, refused: 0 };
    for (let i = 0; i < 1000; i++) {
      const text = i % 3 === 0 ? randomText(rng, PIECES, 60) : i % 3 === 1 ? mutate(rng, plausibleCsv(rng), PIECES) : plausibleCsv(rng);
      const o: CsvOptions = { labelColumn: pick(rng, ['none', 'first', 'last'] as const), maxCells: pick(rng, [undefined, 3, 1000]), maxCols: pick(rng, [undefined, 2]) };
      let parsed;
      try {
        parsed = parseCsv(text, o);
      } catch (e) {
        expect(e, `input ${i}: ${JSON.stringify(text)} threw a non-CsvError`).toBeInstanceOf(CsvError);
        expect((e as Error).message.length).toBeGreaterThan(0);
        outcomes.refused++;
        continue;
      }
      outcomes.parsed++;
      const { rows, cols, data, labels } = parsed;
      expect(Number.isInteger(rows) && rows >= 1 && Number.isInteger(cols) && cols >= 1, `input ${i}: shape`).toBe(true);
      expect(data.length, `input ${i}`).toBe(rows * cols);
      expect(data.every(Number.isFinite), `input ${i}: ${JSON.stringify(text)} gave a non-finite entry`).toBe(true);
      if (o.labelColumn === 'none') expect(labels).toBeUndefined();
      else {
        expect(labels!.length).toBe(rows);
        expect(labels!.every((l) => l >= 0 && l <= 10000)).toBe(true);
      }
    }
    // both paths are exercised, so the assertions above were reached
    expect(outcomes.parsed).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  });

  it('values that overflow float32 are refused by name, not stored as Infinity', () => {
    expect(() => parseCsv('1,2\n3,1e999')).toThrow(/Row 2, column 2: “1e999” is too large/);
    expect(() => parseCsv('1e39')).toThrow(CsvError);
    expect(parseCsv('3.4e38,-3.4e38').data.every(Number.isFinite)).toBe(true);
  });
});
