// Parameter counts of the factored hidden layers and the rank choices that put every variant on one budget.

/** A hidden weight matrix W (out, in) = (m, n). */
export type MatrixShape = { rows: number; cols: number };

/** SLTrain's support size as implemented (andyjm3/SLTrain: int(sp_ratio·m·n), here ⌊δ·m·n⌋). */
export function sparseEntries(m: number, n: number, density: number): number {
  return Math.floor(density * m * n);
}

/** LOST's channel-sparse part: ⌈δ_c·n⌉ input channels (columns), each with all m entries (see learn/lostInit.ts). */
export function lostChannels(n: number, channelDensity: number): number {
  return Math.min(n, Math.ceil(channelDensity * n));
}

/** Trainable numbers in the hidden matrices for each scheme (biases and the dense head are counted separately). */
export const matrixParams = {
  dense: (shapes: readonly MatrixShape[]) => shapes.reduce((s, w) => s + w.rows * w.cols, 0),
  lowrank: (shapes: readonly MatrixShape[], r: number) => shapes.reduce((s, w) => s + r * (w.rows + w.cols), 0),
  /** r(m + n) + ⌊δmn⌋ per matrix. */
  sltrain: (shapes: readonly MatrixShape[], r: number, density: number) =>
    shapes.reduce((s, w) => s + r * (w.rows + w.cols) + sparseEntries(w.rows, w.cols, density), 0),
  /** r(m + n) + m·⌈δ_c·n⌉ per matrix. */
  lost: (shapes: readonly MatrixShape[], r: number, channelDensity: number) =>
    shapes.reduce((s, w) => s + r * (w.rows + w.cols) + w.rows * lostChannels(w.cols, channelDensity), 0),
};

/** The largest rank every hidden matrix admits. */
export function maxRank(shapes: readonly MatrixShape[]): number {
  return Math.min(...shapes.map((w) => Math.min(w.rows, w.cols)));
}

/** The rank r in [1, maxRank] whose count(r) is closest to `budget` (ties go to the smaller r). */
export function matchRank(budget: number, count: (r: number) => number, rMax: number): number {
  let best = 1;
  for (let r = 2; r <= rMax; r++) if (Math.abs(count(r) - budget) < Math.abs(count(best) - budget)) best = r;
  return best;
}

export type Budget = { sltrainRank: number; lowrankRank: number; lostRank: number; budget: number };

/**
 * SLTrain (rank r, density δ) sets the budget; low-rank and LOST get the ranks that come closest to it.
 * @throws RangeError when r exceeds a hidden matrix's smaller side
 */
export function equalBudgetRanks(shapes: readonly MatrixShape[], rank: number, density: number, lostDensity: number): Budget {
  const rMax = maxRank(shapes);
  if (!(rank >= 1 && rank <= rMax)) throw new RangeError(`rank ${rank} does not fit the hidden matrices (at most ${rMax})`);
  const budget = matrixParams.sltrain(shapes, rank, density);
  return {
    sltrainRank: rank,
    lowrankRank: matchRank(budget, (r) => matrixParams.lowrank(shapes, r), rMax),
    lostRank: matchRank(budget, (r) => matrixParams.lost(shapes, r, lostDensity), rMax),
    budget,
  };
}

/** Roy & Vetterli's effective rank exp(H(p)), p_i = σ_i/Σσ: between 1 and the number of nonzero σ. */
export function entropyRank(sigma: readonly number[]): number {
  const total = sigma.reduce((s, v) => s + Math.max(0, v), 0);
  if (!(total > 0)) return 0;
  let h = 0;
  for (const v of sigma) {
    const p = Math.max(0, v) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}

/** Numerical rank: how many σ_i exceed tol·σ_1. */
export function numericalRank(sigma: readonly number[], tol: number): number {
  const top = sigma[0] ?? 0;
  return sigma.filter((v) => v > tol * top).length;
}
