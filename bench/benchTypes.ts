// What a bench section returns to bench/run.mjs: a table (columns + rows), the adapter, and notes.

export type BenchColumn = { key: string; label: string; digits?: number };
export type BenchCell = number | string | null;

export type BenchResult = {
  title: string;
  /** The WebGPU adapter in words (vendor / architecture / description). */
  adapter?: string;
  columns: BenchColumn[];
  rows: Record<string, BenchCell>[];
  notes?: string[];
  /** Anything else worth keeping in bench/results/<section>.json. */
  extra?: Record<string, unknown>;
};

/** A section module, bench/<name>Bench.ts. `log` prints a progress line in the terminal. */
export type BenchSection = { run(log: (line: string) => void): Promise<BenchResult> };
