// Uploads over a cap (bytes, rows, columns, numbers) are refused with the cap named; storage errors say what happened.
import { describe, expect, it } from 'vitest';
import { checkCsvBytes, CSV_LIMITS, CsvError, parseCsv } from './csv';
import { describeStorageError, StorageFullError } from './userData';

/** The message `fn` throws as a CsvError (the test fails otherwise). */
function csvError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return (e as Error).message;
  }
  throw new Error('expected a CsvError, but nothing was thrown');
}

describe('upload caps', () => {
  it('refuses a file over the byte cap before parsing, naming both sizes', () => {
    expect(() => checkCsvBytes(CSV_LIMITS.maxBytes)).not.toThrow();
    expect(csvError(() => checkCsvBytes(CSV_LIMITS.maxBytes + 2 ** 20))).toBe('The file is 33.0 MB; the limit is 32 MB.');
  });

  it('refuses more rows than the cap, and accepts exactly the cap', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},1`).join('\n');
    expect(parseCsv(rows(5), { maxRows: 5 }).rows).toBe(5);
    expect(csvError(() => parseCsv(rows(6), { maxRows: 5 }))).toBe('The matrix has more than 5 rows (stopped at line 6); the limit is 5 rows.');
    expect(CSV_LIMITS.maxRows).toBe(100_000);
  });

  it('refuses more columns than the cap', () => {
    expect(parseCsv('1,2,3', { maxCols: 3 }).cols).toBe(3);
    expect(csvError(() => parseCsv('1,2,3,4', { maxCols: 3 }))).toBe('Row 1 has 4 columns; the limit is 3 columns.');
  });

  it('refuses more numbers than the cap', () => {
    expect(parseCsv('1,2\n3,4', { maxCells: 4 }).data.length).toBe(4);
    expect(csvError(() => parseCsv('1,2\n3,4\n5,6', { maxCells: 4 }))).toBe(
      'The matrix has more than 4 numbers (stopped at row 3); the limit is 4 numbers, so use a smaller file.',
    );
  });
});

describe('describeStorageError', () => {
  it('turns a quota error into StorageFullError that names what was not stored and says the rest is kept', () => {
    const e = describeStorageError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'), '“big.csv” (10 × 10, 0.0 MB)');
    expect(e).toBeInstanceOf(StorageFullError);
    expect(e.message).toBe(
      "The browser's storage for this site is full (QuotaExceededError), so “big.csv” (10 × 10, 0.0 MB) was not stored. " +
        "Datasets stored before are kept. Free space (the browser's site settings) or use a smaller file.",
    );
  });

  it('keeps other errors as they are, with their name', () => {
    const e = describeStorageError(new DOMException('cannot clone', 'DataCloneError'), 'x');
    expect(e).not.toBeInstanceOf(StorageFullError);
    expect(e.message).toBe('IndexedDB failed on x: DataCloneError: cannot clone');
  });
});
