// CoSpaDi on the backend: K-SVD + batched OMP of the whitened W·S; greedy picks and p×p least squares on the host.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { copySegment } from '../../learn/gatherKernels';
import { ATOM_SQUARINGS, choleskySolve, initialDictionary } from './methods';
import { tr } from './hostMatrix';
import { outputSquares, relativeErrors } from './outputError';
import type { Whitening } from './whitening';

/** A K-SVD fit kept on the backend: Dᵀ (K×m, atom k = row k) and the codes C (K×N); the caller disposes both. */
export type DictionaryFit = { Dt: Tensor; C: Tensor; worstGrowth: number };

/** Picked atoms and their coefficients per signal, from one OMP pass. */
export type Codes = { C: Float64Array; worstGrowth: number };

/**
 * OMP of every column of Y (m×N) over the atoms Dᵀ (K×m) at once: each step computes R = Y − D·C, its column
 * norms and Dᵀ·R on the backend; the host picks each column's next atom (largest |correlation| not yet picked) and
 * refits its coefficients from DᵀD and DᵀY (normal equations + 1e-12, Cholesky), as methods.ts's omp does.
 * @returns the codes (K×N, host) and the worst growth of any residual norm along its picks
 */
export async function ompOn(be: Backend, Dt: Tensor, Y: Tensor, s: number): Promise<Codes> {
  const { rows: K, cols: m } = Dt;
  const N = Y.cols;
  if (Y.rows !== m) throw new RangeError(`ompOn: atoms have ${m} entries, signals ${Y.rows}`);
  const first = be.tidy(() => ({
    G: be.matmul(Dt, Dt, { transB: true }),
    B: be.matmul(Dt, Y),
    norms: be.reduce('norm', Y, 'perCol'),
  }));
  const [G, B, norms0] = await readAll(be, [first.G, first.B, first.norms]);
  let corr = B;
  let previous = norms0;
  const picked: number[][] = Array.from({ length: N }, () => []);
  const C = new Float64Array(K * N);
  let worstGrowth = -Infinity;
  const steps = Math.min(s, K);
  for (let step = 0; step < steps; step++) {
    C.fill(0);
    for (let j = 0; j < N; j++) {
      let best = -1, bestC = -1;
      for (let k = 0; k < K; k++) {
        if (picked[j].includes(k)) continue;
        const c = Math.abs(corr[k * N + j]);
        if (c > bestC) { bestC = c; best = k; }
      }
      picked[j].push(best);
      const P = picked[j], p = P.length;
      const g = new Float64Array(p * p), b = new Float64Array(p);
      for (let a = 0; a < p; a++) {
        b[a] = B[P[a] * N + j];
        for (let c = 0; c < p; c++) g[a * p + c] = G[P[a] * K + P[c]];
        g[a * p + a] += 1e-12;
      }
      const coef = choleskySolve(g, b, p);
      P.forEach((k, a) => (C[k * N + j] = coef[a]));
    }
    const last = step === steps - 1;
    const next = be.tidy(() => {
      const R = be.elementwise('add', Y, be.matmul(Dt, be.upload(C, { rows: K, cols: N }), { transA: true }), 1, -1);
      return { norms: be.reduce('norm', R, 'perCol'), corr: last ? null : be.matmul(Dt, R) };
    });
    const [norms, nextCorr] = await readAll(be, next.corr ? [next.norms, next.corr] : [next.norms]);
    for (let j = 0; j < N; j++) worstGrowth = Math.max(worstGrowth, norms[j] - previous[j]);
    previous = norms;
    if (nextCorr) corr = nextCorr;
  }
  return { C, worstGrowth };
}

/** Reads every tensor, then frees them. */
async function readAll(be: Backend, ts: Tensor[]): Promise<Float64Array[]> {
  try {
    return await Promise.all(ts.map((t) => be.read(t)));
  } finally {
    ts.forEach((t) => be.dispose(t));
  }
}

/**
 * Atom k's K-SVD update in place: E = (Y − D·C + d_k·c_k) on the columns in `users` (1×N of 0/1),
 * d_k = top left singular vector of E (the squarings of methods.ts's topLeftSingularVector), c_k = d_kᵀ·E.
 */
function updateAtom(be: Backend, Dt: Tensor, C: Tensor, Y: Tensor, k: number, users: Float64Array): void {
  const { rows: K, cols: m } = Dt;
  const N = C.cols;
  if (k < 0 || k >= K) throw new RangeError(`updateAtom: atom ${k} of ${K}`);
  const { d, c } = be.tidy(() => {
    const dk = be.slice(Dt, k, 0, 1, m);
    const ck = be.slice(C, k, 0, 1, N);
    const R = be.elementwise('add', Y, be.matmul(Dt, C, { transA: true }), 1, -1);
    const E = be.elementwise('mul', be.elementwise('add', R, be.matmul(dk, ck, { transA: true })), be.upload(users, { rows: 1, cols: N }));
    let G = be.matmul(E, E, { transB: true });
    for (let t = 0; t < ATOM_SQUARINGS; t++) G = unitNorm(be, be.matmul(G, G));
    const dNew = unitNorm(be, be.matmul(G, dk, { transB: true }));
    return { d: dNew, c: be.matmul(dNew, E, { transA: true }) };
  });
  copySegment(be, d, 0, Dt, k * m, m);
  copySegment(be, c, 0, C, k * N, N);
  be.dispose(d);
  be.dispose(c);
}

/** A / max(‖A‖_F, 1e-30). */
function unitNorm(be: Backend, A: Tensor): Tensor {
  return be.tidy(() => be.elementwise('div', A, be.elementwise('clamp', be.reduce('norm', A, 'all'), null, 1e-30, Infinity)));
}

/**
 * K-SVD of the columns of Y (m×N) with K unit atoms and s nonzeros per code, the backend twin of methods.ts's ksvd
 * (same starting atoms from `rng`, same OMP picks, same atom updates).
 */
export async function ksvdOn(be: Backend, Y: Tensor, K: number, s: number, rng: Rng, iters: number): Promise<DictionaryFit> {
  const { rows: m, cols: N } = Y;
  if (K < 1 || s < 1) throw new RangeError(`ksvdOn: need K ≥ 1 atoms and s ≥ 1 nonzeros, got K = ${K}, s = ${s}`);
  const D0 = initialDictionary(await be.read(Y), m, N, K, rng);
  const Dt = be.upload(tr(D0, m, K), { rows: K, cols: m });
  let C: Tensor | null = null;
  let worstGrowth = -Infinity;
  try {
    for (let it = 0; it <= iters; it++) {
      const codes = await ompOn(be, Dt, Y, s);
      worstGrowth = Math.max(worstGrowth, codes.worstGrowth);
      if (C) be.dispose(C);
      C = be.upload(codes.C, { rows: K, cols: N });
      if (it === iters) break;
      for (let k = 0; k < K; k++) {
        const users = Float64Array.from({ length: N }, (_, j) => (codes.C[k * N + j] !== 0 ? 1 : 0));
        if (users.some((u) => u)) updateAtom(be, Dt, C, Y, k, users);
      }
    }
    return { Dt, C: C!, worstGrowth };
  } catch (e) {
    be.dispose(Dt);
    if (C) be.dispose(C);
    throw e;
  }
}

/** Bits of a dense float32 number. */
const F32 = 32;
/** (atoms K, nonzeros s) per CoSpaDi point. */
export const COSPADI_SETTINGS: readonly (readonly [number, number])[] = [[8, 2], [16, 2], [16, 4], [32, 4]];

export type CospadiMetrics = { cospadi_size: number[]; cospadi_error: number[]; omp_worst_growth: number };

/** Stored bits of an m×K dictionary and n codes with s (value, index) pairs each. */
export function cospadiSize(m: number, n: number, K: number, s: number): number {
  return F32 * m * K + n * s * (F32 + Math.ceil(Math.log2(K)));
}

/**
 * CoSpaDi: the whitened W·S (its n columns as signals) ≈ D·C by K-SVD + OMP, then Ŵ = D·C·S⁻¹; one K-SVD per
 * setting with K ≤ n, all drawing from `rng` in turn; output errors on Xtest reduced on the backend.
 */
export async function cospadiOn(be: Backend, W: Tensor, whitening: Whitening, Xtest: Tensor, rng: Rng, iters: number): Promise<CospadiMetrics> {
  const { rows: m, cols: n } = W;
  const settings = COSPADI_SETTINGS.filter(([K]) => K <= n);
  const Y = be.matmul(W, whitening.S);
  const squares: Tensor[] = [];
  let worstGrowth = -Infinity;
  try {
    for (const [K, s] of settings) {
      const fit = await ksvdOn(be, Y, K, s, rng, iters);
      worstGrowth = Math.max(worstGrowth, fit.worstGrowth);
      try {
        squares.push(be.tidy(() => {
          const What = be.matmul(be.matmul(fit.Dt, fit.C, { transA: true }), whitening.Sinv);
          return outputSquares(be, be.elementwise('add', W, What, 1, -1), Xtest);
        }));
      } finally {
        be.dispose(fit.Dt);
        be.dispose(fit.C);
      }
    }
    squares.push(outputSquares(be, W, Xtest));
    const values = (await Promise.all(squares.map((t) => be.read(t)))).map((v) => v[0]);
    const ref = values.pop()!;
    return { cospadi_size: settings.map(([K, s]) => cospadiSize(m, n, K, s)), cospadi_error: relativeErrors(values, ref), omp_worst_growth: worstGrowth };
  } finally {
    be.dispose(Y);
    squares.forEach((t) => be.dispose(t));
  }
}
