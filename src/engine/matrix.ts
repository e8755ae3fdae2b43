// Plain row-major matrices: the only form in which numbers cross the engine boundary.

/** A row-major matrix; samples are rows. `data.length === rows * cols`. */
export type Matrix = { rows: number; cols: number; data: Float32Array };

/** A float64 row-major matrix, used by the cpu backend and by tests as the reference. */
export type Matrix64 = { rows: number; cols: number; data: Float64Array };

/** Throws a clear error when a matrix's fields disagree or hold non-finite numbers. */
export function checkMatrix(m: { rows: number; cols: number; data: ArrayLike<number> }, name = 'matrix', finite = true): void {
  if (!m || typeof m !== 'object') throw new TypeError(`${name}: expected {rows, cols, data}`);
  const { rows, cols, data } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`${name}: rows and cols must be non-negative integers (got ${rows}×${cols})`);
  }
  if (!data || data.length !== rows * cols) {
    throw new RangeError(`${name}: data has ${data?.length} entries, expected ${rows}×${cols} = ${rows * cols}`);
  }
  if (finite) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new RangeError(`${name}: entry (${Math.floor(i / cols)}, ${i % cols}) is ${data[i]}; only finite numbers are accepted`);
      }
    }
  }
}

/** Makes a matrix from an array of rows (handy in tests and the console). */
export function fromRows(rows: number[][]): Matrix {
  const r = rows.length;
  const c = r ? rows[0].length : 0;
  const data = new Float32Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    data.set(row, i * c);
  });
  return { rows: r, cols: c, data };
}
