// Parses a user's CSV into a numeric matrix (optional label column), with messages that name the row.

export type ParsedCsv = {
  rows: number;
  cols: number;
  data: Float32Array;
  labels?: Int32Array;
  header: string[] | null;
};

export type CsvOptions = {
  /** Where the integer class labels are, if any. */
  labelColumn?: 'none' | 'first' | 'last';
  maxCells?: number;
  maxCols?: number;
  maxRows?: number;
};

/** The caps on an upload: file size, samples (rows), features (columns) and numbers in all. */
export const CSV_LIMITS = { maxCells: 2_000_000, maxRows: 100_000, maxCols: 4096, maxBytes: 32 * 2 ** 20 };

export class CsvError extends Error {}

/** Refuses a file over the size cap before it is read (`bytes`: the file's size, or the text's length). */
export function checkCsvBytes(bytes: number, maxBytes = CSV_LIMITS.maxBytes): void {
  if (bytes > maxBytes) throw new CsvError(`The file is ${(bytes / 2 ** 20).toFixed(1)} MB; the limit is ${maxBytes / 2 ** 20} MB.`);
}

function splitLine(line: string): string[] {
  const sep = line.includes(',') ? ',' : line.includes(';') ? ';' : line.includes('\t') ? '\t' : /\s+/;
  return line.trim().split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** The largest finite float32: the matrix is stored as Float32Array. */
const F32_MAX = 3.4028234663852886e38;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Parses CSV text; throws CsvError naming the first bad row and column. */
export function parseCsv(text: string, o: CsvOptions = {}): ParsedCsv {
  const maxCells = o.maxCells ?? CSV_LIMITS.maxCells;
  const maxCols = o.maxCols ?? CSV_LIMITS.maxCols;
  const maxRows = o.maxRows ?? CSV_LIMITS.maxRows;
  const label = o.labelColumn ?? 'none';
  checkCsvBytes(text.length);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let header: string[] | null = null;
  let width = -1;
  const values: number[] = [];
  const labels: number[] = [];
  let rows = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const cells = splitLine(line);
    if (width < 0 && header === null && cells.some((c) => !NUMBER.test(c)) && cells.every((c) => !NUMBER.test(c) || c === '')) {
      header = cells;
      width = cells.length;
      continue;
    }
    if (width < 0) width = cells.length;
    if (cells.length !== width) {
      throw new CsvError(`Row ${li + 1} has ${cells.length} cells, but the ${header ? 'header' : 'first row'} has ${width}. Every row needs the same number of cells.`);
    }
    if (width > maxCols) throw new CsvError(`Row ${li + 1} has ${width} columns; the limit is ${maxCols.toLocaleString('en')} columns.`);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (!NUMBER.test(cell)) {
        throw new CsvError(`Row ${li + 1}, column ${c + 1}: “${cell.slice(0, 30)}” is not a number.`);
      }
      const v = Number(cell);
      // 1e999 passes the pattern but is Infinity, and 1e39 overflows float32: both would poison the matrix
      if (!(Math.abs(v) <= F32_MAX)) throw new CsvError(`Row ${li + 1}, column ${c + 1}: “${cell.slice(0, 30)}” is too large (the limit is ±3.4e38).`);
      const isLabel = (label === 'first' && c === 0) || (label === 'last' && c === width - 1);
      if (isLabel) {
        if (!Number.isInteger(v) || v < 0 || v > 10000) throw new CsvError(`Row ${li + 1}: the label “${cell.slice(0, 30)}” must be a whole number from 0 to 10000.`);
        labels.push(v);
      } else values.push(v);
    }
    rows++;
    if (rows > maxRows) throw new CsvError(`The matrix has more than ${maxRows.toLocaleString('en')} rows (stopped at line ${li + 1}); the limit is ${maxRows.toLocaleString('en')} rows.`);
    if (values.length > maxCells) throw new CsvError(`The matrix has more than ${maxCells.toLocaleString('en')} numbers (stopped at row ${li + 1}); the limit is ${maxCells.toLocaleString('en')} numbers, so use a smaller file.`);
  }
  if (rows === 0) throw new CsvError('The file has no numeric rows.');
  const cols = width - (label === 'none' ? 0 : 1);
  if (cols < 1) throw new CsvError('After the label column there are no numeric columns left.');
  return { rows, cols, data: Float32Array.from(values), labels: label === 'none' ? undefined : Int32Array.from(labels), header };
}
