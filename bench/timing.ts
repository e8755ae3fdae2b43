// Timing helpers for bench sections: warm-up, then interleaved rounds, reporting each contender's median.

export type TimingPlan = { warmup: number; minReps: number; maxReps: number; budgetMs: number };

export type Timing = { medianMs: number; minMs: number; reps: number; samplesMs: number[] };

/** A thing to time; `once` must end in its GPU→CPU read so each sample runs to completion. */
export type Contender = { name: string; once: () => Promise<unknown> };

/**
 * Warms every contender up, then runs rounds of one call each (A, B, C, A, B, C, ...) so that load
 * from elsewhere on a shared machine falls on all of them alike. At least `minReps` and at most
 * `maxReps` rounds, stopping early once `budgetMs` is spent.
 */
export async function timeInterleaved(contenders: Contender[], plan: TimingPlan): Promise<Record<string, Timing>> {
  for (const c of contenders) for (let i = 0; i < plan.warmup; i++) await c.once();
  const samples: number[][] = contenders.map(() => []);
  const start = performance.now();
  for (let round = 0; round < plan.maxReps && (round < plan.minReps || performance.now() - start < plan.budgetMs); round++) {
    for (let i = 0; i < contenders.length; i++) {
      const t0 = performance.now();
      await contenders[i].once();
      samples[i].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    contenders.map((c, i) => [c.name, { medianMs: median(samples[i]), minMs: Math.min(...samples[i]), reps: samples[i].length, samplesMs: samples[i] }]),
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** GFLOP/s of an m×k by k×n matmul that took `ms`. */
export function matmulGflops(m: number, k: number, n: number, ms: number): number {
  return (2 * m * k * n) / (ms * 1e6);
}
