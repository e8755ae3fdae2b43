// CSV uploads: happy paths, headers, labels, and errors that name the row and column.
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from './csv';
import { contentRef } from './userData';

describe('parseCsv', () => {
  it('reads a plain numeric matrix, with or without a header', () => {
    const m = parseCsv('1,2,3\n4,5,6\n');
    expect([m.rows, m.cols, Array.from(m.data)]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
    const h = parseCsv('a,b\n1e-3,-2.5\r\n.5,+7\n');
    expect(h.header).toEqual(['a', 'b']);
    expect(Array.from(h.data)).toEqual([Math.fround(1e-3), -2.5, 0.5, 7]);
  });
  it('splits off a label column', () => {
    const m = parseCsv('0.1,0.2,3\n0.3,0.4,1', { labelColumn: 'last' });
    expect(m.cols).toBe(2);
    expect(Array.from(m.labels!)).toEqual([3, 1]);
  });
  it('names the row of ragged and non-numeric input', () => {
    expect(() => parseCsv('1,2\n3\n')).toThrow(/Row 2 has 1 cells, but the first row has 2/);
    expect(() => parseCsv('1,2\n3,x\n')).toThrow(/Row 2, column 2: “x” is not a number/);
    expect(() => parseCsv('1,2\n3,NaN\n')).toThrow(CsvError);
    expect(() => parseCsv('')).toThrow(/no numeric rows/);
    expect(() => parseCsv('1,2.5\n', { labelColumn: 'last' })).toThrow(/label “2.5” must be a whole number/);
    expect(() => parseCsv('1,2,3,4', { maxCells: 2 })).toThrow(/more than 2 numbers/);
  });
  it('hashes content, not names', async () => {
    const a = parseCsv('1,2\n3,4');
    const b = parseCsv('x,y\n1,2\n3,4');
    expect(await contentRef(a)).toBe(await contentRef(b));
    expect(await contentRef(a)).not.toBe(await contentRef(parseCsv('1,2\n3,5')));
    expect(await contentRef(a)).toMatch(/^user:[0-9a-f]{32}$/);
  });
});
