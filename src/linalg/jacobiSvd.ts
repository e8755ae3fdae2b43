// One-sided Jacobi SVD on the device: Householder QR first, then parallel round-robin sweeps on R, one readback per sweep.
import type { Backend, Tensor } from '../engine/backend';
import { Rng } from '../data/rng';
import { Scratch } from './matrixChecksKernels';
import { householderQr } from './qr';
import { gatherColumns, jacobiSweep } from './jacobiKernels';
import { blockSweep, PACK, padRows, sweepsBlocks } from './jacobiBlockKernels';

export type JacobiSvdOptions = {
  /** Singular triplets to return (the largest); default min(m, n). */
  k?: number;
  /** Pairs with |a_p·a_q| / (‖a_p‖‖a_q‖) below this count as orthogonal; default from the backend's precision. */
  tol?: number;
  /** Give up after this many sweeps (the result is then as orthogonal as it got); default 30. */
  maxSweeps?: number;
  /** Seeds the random directions that complete U or V where singular values are exactly zero. */
  seed?: number;
};

export type JacobiSvdResult = { U: Tensor; S: Float64Array; V: Tensor; sweeps: number; converged: boolean };

/** Convergence threshold for columns of length `len`: about √len rounding errors of the backend's precision. */
export function defaultTolerance(be: Backend, len: number): number {
  return be.precision === 'f32' ? Math.max(1e-6, Math.sqrt(len) * 2 ** -24) : Math.max(1e-13, Math.sqrt(len) * 2 ** -53);
}

/**
 * Thin SVD of each batch item by one-sided (Hestenes) Jacobi, A = U·diag(S)·Vᵀ. A tall X (A or Aᵀ) is first
 * factored X = QR; Jacobi then orthogonalizes the columns of Rᵀ (Rᵀ·W = L·Σ), so X = (Q·W)·Σ·Lᵀ. Rotations run
 * on the device, n/2 disjoint column pairs at a time (on a software adapter, n/4 meetings of two-column blocks
 * over rows packed as vec4, see jacobiBlockKernels); the host reads one number per sweep. The input should be
 * finite and scaled near 1 (`svd` sees to both). The caller owns U and V.
 * @param a (batch, m, n)
 * @returns U (batch, m, r), S (batch·r, descending per item), V (batch, n, r) with r = k ?? min(m, n)
 * @see Drmač & Veselić, "New fast and accurate Jacobi SVD algorithm I", SIAM J. Matrix Anal. Appl. 29 (2008)
 */
export async function jacobiSvd(be: Backend, a: Tensor, o: JacobiSvdOptions = {}): Promise<JacobiSvdResult> {
  const { batch, rows: m, cols: n } = a;
  const wide = m < n;
  const small = Math.min(m, n);
  const r = o.k ?? small;
  if (!Number.isInteger(r) || r < 1 || r > small) throw new RangeError(`svd: k must be an integer in [1, ${small}], got ${o.k}`);
  const tol = o.tol ?? defaultTolerance(be, small);
  const maxSweeps = o.maxSweeps ?? 30;
  const scratch = new Scratch(be);
  try {
    const x = wide ? scratch.track(be.transpose(a)) : a; // (batch, big, small)
    const qrOfX = householderQr(be, x);
    const Q = scratch.track(qrOfX.Q);
    const R = scratch.track(qrOfX.R); // rows of R are the columns of Rᵀ that Jacobi orthogonalizes
    if (wide) scratch.free(x);
    // On the cpu, a square X starts the rotations from Qᵀ instead of I: the same rotations then accumulate
    // Wᵀ·Qᵀ = (Q·W)ᵀ, the rows of U, which saves the Q·W product (n³ multiply–adds in JS) at no cost per sweep.
    // Not in f32: σ_p = ‖work_p‖/‖rotations_p‖ would then carry Q's rounding too (worst σ error at 256² on
    // SwiftShader 8.1e-6 instead of 6.7e-6), and a device does the product quickly.
    const rotationsHoldU = be.kind === 'cpu' && m === n;
    const start = scratch.track(rotationsHoldU ? be.transpose(Q) : be.upload(identities(batch, small), { batch, rows: small, cols: small }));
    // A software adapter runs block sweeps on rows zero-padded to whole vec4s (jacobiBlockKernels); the padding is
    // cut off after.
    const blocks = sweepsBlocks(be);
    const padded = (t: Tensor) => (blocks && t.cols % PACK ? scratch.track(padRows(be, t)) : t);
    let work = padded(R);
    let rotations = padded(start);
    const sweep = blocks ? blockSweep : jacobiSweep;

    let sweeps = 0;
    let converged = false;
    while (!converged && sweeps < maxSweeps) {
      sweeps++;
      const worst = scratch.track(be.tidy(() => be.reduce('max', sweep(be, work, rotations, tol), 'all')));
      converged = (await be.read(worst)).every((w) => w < tol); // the largest |γ|/√(αβ) of each item
      scratch.free(worst);
    }
    if (work.cols !== R.cols) work = scratch.track(be.tidy(() => be.slice(work, 0, 0, work.rows, R.cols)));
    if (rotations.cols !== start.cols) rotations = scratch.track(be.tidy(() => be.slice(rotations, 0, 0, rotations.rows, start.cols)));
    const { U, V, S } = await finish(be, scratch, { Q, work, rotations, rotationsHoldU, batch, small, r, wide, seed: o.seed ?? 0 });
    return { U, S, V, sweeps, converged };
  } finally {
    scratch.dispose();
  }
}

type Converged = {
  Q: Tensor; work: Tensor; rotations: Tensor; rotationsHoldU: boolean; batch: number; small: number; r: number; wide: boolean; seed: number;
};

/** Sorts by σ, normalizes, completes null directions, and maps the factors of Rᵀ back to A; U and V leave `scratch`. */
async function finish(be: Backend, scratch: Scratch, c: Converged): Promise<{ U: Tensor; S: Float64Array; V: Tensor }> {
  // Rounding in thousands of rotations scales the rows of `rotations` by 1 ± O(1e-6) in f32 and the rows of `work`
  // with them, so σ_p = ‖work_p‖ / ‖rotations_p‖ and both are normalized by their own norms.
  const [workNorms, rotationNorms] = await Promise.all(
    [c.work, c.rotations].map((t) => be.read(scratch.track(be.reduce('norm', t, 'perRow')))), // (batch, small, 1)
  );
  const nullRatio = be.precision === 'f32' ? 1e-12 : 1e-120;
  const { S, leftTable, rightTable, nullColumns } = sortedTables(workNorms, rotationNorms, c.batch, c.small, c.r, nullRatio);
  const tableShape = { batch: c.batch, rows: 2, cols: c.r };
  let left = scratch.track(gatherColumns(be, c.work, scratch.track(be.upload(leftTable, tableShape)))); // (batch, small, r)
  const right = scratch.track(gatherColumns(be, c.rotations, scratch.track(be.upload(rightTable, tableShape))));
  if (nullColumns.some((cols) => cols.length > 0)) left = scratch.track(completeColumns(be, left, nullColumns, c.seed));
  const mapped = c.rotationsHoldU ? right : scratch.track(be.matmul(c.Q, right)); // (batch, big, r)
  return { U: scratch.release(c.wide ? left : mapped), S, V: scratch.release(c.wide ? mapped : left) };
}

/**
 * Per item, the r largest σ_p = workNorms_p / rotationNorms_p in descending order and the gather tables that turn
 * rows into sorted unit columns: left scales work rows by 1/‖work_p‖ (0 where σ ≤ nullRatio·σ_max, listed in
 * nullColumns), right scales rotation rows by 1/‖rotations_p‖.
 */
function sortedTables(workNorms: Float64Array, rotationNorms: Float64Array, batch: number, small: number, r: number, nullRatio: number) {
  const S = new Float64Array(batch * r);
  const leftTable = new Float64Array(batch * 2 * r);
  const rightTable = new Float64Array(batch * 2 * r);
  const nullColumns: number[][] = [];
  for (let z = 0; z < batch; z++) {
    const sigma = Array.from({ length: small }, (_, p) => workNorms[z * small + p] / rotationNorms[z * small + p]);
    const order = sigma.map((_, i) => i).sort((i, j) => sigma[j] - sigma[i] || i - j).slice(0, r);
    const floor = Math.max(sigma[order[0]] * nullRatio, 1e-30);
    nullColumns.push([]);
    order.forEach((p, col) => {
      const at = z * 2 * r + col;
      S[z * r + col] = sigma[p];
      leftTable[at] = p;
      rightTable[at] = p;
      rightTable[at + r] = 1 / rotationNorms[z * small + p];
      if (sigma[p] > floor) leftTable[at + r] = 1 / workNorms[z * small + p];
      else nullColumns[z].push(col);
    });
  }
  return { S, leftTable, rightTable, nullColumns };
}

/**
 * Fills the listed (zero) columns of each item of `q` (batch, len, r) with Gaussian directions and returns the Q of
 * its QR: earlier columns are already orthonormal, so they come back unchanged (R_ii ≥ 0), and the filled ones
 * become an orthonormal completion.
 */
function completeColumns(be: Backend, q: Tensor, nullColumns: number[][], seed: number): Tensor {
  const { batch, rows: len, cols: r } = q;
  const rng = new Rng(seed ^ 0x5eed);
  const noise = new Float64Array(batch * len * r);
  nullColumns.forEach((cols, z) => {
    for (const c of cols) for (let i = 0; i < len; i++) noise[(z * len + i) * r + c] = rng.normal();
  });
  return be.tidy(() => householderQr(be, be.elementwise('add', q, be.upload(noise, { batch, rows: len, cols: r }))).Q);
}

/** `batch` identity matrices of size n, row-major. */
function identities(batch: number, n: number): Float64Array {
  const eye = new Float64Array(batch * n * n);
  for (let z = 0; z < batch; z++) for (let i = 0; i < n; i++) eye[(z * n + i) * n + i] = 1;
  return eye;
}
