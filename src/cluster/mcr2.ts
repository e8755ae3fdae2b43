// Maximal coding rate reduction (MCR²): coding rates R, R_c and ΔR via Cholesky log-determinants, and Sinkhorn memberships.
//
// Layout: the formulas are written (Yu et al. 2020; ryanchankh/mcr2) for Z = d×n with samples as columns. Here, as
// everywhere in the engine, samples are ROWS: z is (n, d), so the formula's ZZᵀ is zᵀz (d×d) and ZΠ_jZᵀ is
// zᵀ·diag(π_j)·z. `eps2` is ε² (what ryanchankh/mcr2 calls `eps`). Logarithms are natural (nats).
import type { Backend, Tensor } from '../engine/backend';
import { logdetBatched } from '../linalg/cholesky';
import { Scratch } from '../linalg/matrixChecksKernels';
import { oneHot } from './assignKernels';
import { spectralFromAffinity, type SpectralOptions } from './spectral';
import { identity, normalizeRows, reshape, uploadLabels } from './tensorOps';

/**
 * Coding rate R(Z) = ½·logdet(I + d/(nε²)·ZZᵀ) of n samples in R^d.
 * @param z (n, d), samples as rows @param eps2 ε² > 0
 */
export async function codingRate(be: Backend, z: Tensor, eps2: number): Promise<number> {
  const { rows: n, cols: d } = z;
  const a = be.tidy(() => be.elementwise('add', identity(be, d), be.matmul(z, z, { transA: true }), 1, d / (n * eps2)));
  try {
    return 0.5 * (await logdetBatched(be, a))[0];
  } finally {
    be.dispose(a);
  }
}

/**
 * Per-class coding rates under a soft membership: for column j of `membership` (π_j, the diagonal of Π_j),
 * (tr Π_j / 2n)·logdet(I + d/(tr Π_j·ε²)·ZΠ_jZᵀ); classes with tr Π_j = 0 contribute 0. R_c is their sum.
 * All k scatter matrices come from one matmul: Πᵀ·[z_i ⊗ z_i] (n×d² outer products), then a batched logdet.
 * @param z (n, d) @param membership (n, k), non-negative (one-hot rows for hard labels) @param eps2 ε²
 */
export async function classCodingRates(be: Backend, z: Tensor, membership: Tensor, eps2: number): Promise<{ total: number; perClass: Float64Array; traces: Float64Array }> {
  const { rows: n, cols: d } = z;
  const k = membership.cols;
  const scratch = new Scratch(be);
  try {
    const traces = await be.read(scratch.track(be.tidy(() => be.reduce('sum', membership, 'perCol'))));
    const coefficient = traces.map((t) => (t > 0 ? d / (t * eps2) : 0));
    const systems = scratch.track(be.tidy(() => {
      // outer[i] = z_i z_iᵀ via a batched (d×1)·(1×d) product, flattened to one row of d² per sample
      const outer = be.matmul(reshape(be, z, { batch: n, rows: d, cols: 1 }), reshape(be, z, { batch: n, rows: 1, cols: d }));
      const scatters = reshape(be, be.matmul(membership, reshape(be, outer, { rows: n, cols: d * d }), { transA: true }), { batch: k, rows: d, cols: d });
      const scaled = be.elementwise('mul', scatters, be.upload(coefficient, { batch: k, rows: 1, cols: 1 }));
      return be.elementwise('add', scaled, identity(be, d));
    }));
    const logdets = await logdetBatched(be, systems);
    const perClass = logdets.map((v, j) => (traces[j] > 0 ? (traces[j] / (2 * n)) * v : 0));
    return { total: perClass.reduce((s, v) => s + v, 0), perClass, traces };
  } finally {
    scratch.dispose();
  }
}

/** R, R_c and ΔR = R − R_c for z (n, d) under membership (n, k); see codingRate and classCodingRates. */
export async function rateReduction(be: Backend, z: Tensor, membership: Tensor, eps2: number): Promise<{ R: number; Rc: number; deltaR: number; perClass: Float64Array }> {
  const [R, c] = await Promise.all([codingRate(be, z, eps2), classCodingRates(be, z, membership, eps2)]);
  return { R, Rc: c.total, deltaR: R - c.total, perClass: c.perClass };
}

/** One-hot membership (n, k) of host labels in 0..k−1; the caller owns it. */
export function membershipFromLabels(be: Backend, labels: ArrayLike<number>, k: number): Tensor {
  return be.tidy(() => reshape(be, oneHot(be, uploadLabels(be, labels), k), { rows: labels.length, cols: k }));
}

export type SinkhornOptions = {
  /** Row/column normalization rounds (default 100). */
  iterations?: number;
  /** Every row and every column sums to this (default 1). */
  total?: number;
};

/**
 * Sinkhorn–Knopp balancing of a positive square matrix: alternately scales rows and columns to sum to `total`,
 * converging to the unique doubly stochastic D₁KD₂ (times total). MLC uses it for its membership Π.
 * @param k (n, n) with positive entries (zeros allowed off a positive pattern, e.g. a masked diagonal)
 * @returns Π (n, n), ending on a column step (so columns are exact; rows within the reported error); the caller owns it
 */
export async function sinkhorn(be: Backend, k: Tensor, o: SinkhornOptions = {}): Promise<{ plan: Tensor; rowError: number }> {
  const total = o.total ?? 1;
  let plan = be.tidy(() => be.elementwise('scale', k, null, 1, 0));
  for (let it = 0; it < (o.iterations ?? 100); it++) {
    const next = be.tidy(() => {
      const rows = be.elementwise('div', plan, be.reduce('sum', plan, 'perRow'));
      return be.elementwise('scale', be.elementwise('div', rows, be.reduce('sum', rows, 'perCol')), null, total, 0);
    });
    be.dispose(plan);
    plan = next;
  }
  const error = be.tidy(() => be.reduce('maxAbs', be.elementwise('scale', be.reduce('sum', plan, 'perRow'), null, 1, -total), 'all'));
  const rowError = (await be.read(error))[0];
  be.dispose(error);
  return { plan, rowError };
}

/**
 * MLC-style doubly stochastic membership of unit-normalized samples: Sinkhorn of exp((⟨z_i, z_j⟩ − 1)/τ) with a
 * zero diagonal (a point is not its own neighbor). @param x (n, d) @returns Π (n, n), rows and columns summing to 1
 */
export async function sinkhornMembership(be: Backend, x: Tensor, o: { temperature?: number } & SinkhornOptions = {}): Promise<{ plan: Tensor; rowError: number }> {
  const tau = o.temperature ?? 0.1;
  const n = x.rows;
  const kernel = be.tidy(() => {
    const z = normalizeRows(be, x);
    const similarity = be.elementwise('exp', be.elementwise('scale', be.matmul(z, z, { transB: true }), null, 1 / tau, -1 / tau));
    return be.elementwise('mul', similarity, be.elementwise('add', be.fill({ rows: n, cols: n }, 1), identity(be, n), 1, -1));
  });
  try {
    return await sinkhorn(be, kernel, o);
  } finally {
    be.dispose(kernel);
  }
}

export type Mcr2ClusterOptions = SpectralOptions & { temperature?: number; iterations?: number; eps2?: number };

/**
 * A non-learned reading of MLC (Ding et al. 2023): Π = Sinkhorn membership of the normalized samples,
 * spectral clustering of ½(Π + Πᵀ), then the coding rates of the found partition of the normalized samples.
 * @param x (n, d) @returns labels, R, R_c, ΔR (with ε² = eps2, default 0.5) and Sinkhorn's row error
 */
export async function mcr2Cluster(be: Backend, x: Tensor, k: number, o: Mcr2ClusterOptions = {}) {
  const { plan, rowError } = await sinkhornMembership(be, x, { temperature: o.temperature, iterations: o.iterations });
  const scratch = new Scratch(be);
  scratch.track(plan);
  try {
    const affinity = scratch.track(be.tidy(() => be.elementwise('add', plan, be.transpose(plan), 0.5, 0.5)));
    const s = await spectralFromAffinity(be, affinity, k, o);
    const z = scratch.track(normalizeRows(be, x));
    const membership = scratch.track(membershipFromLabels(be, s.labels, k));
    const rates = await rateReduction(be, z, membership, o.eps2 ?? 0.5);
    return { labels: s.labels, affinity: s.affinity, eigenvalues: s.eigenvalues, R: rates.R, Rc: rates.Rc, deltaR: rates.deltaR, sinkhornRowError: rowError };
  } finally {
    scratch.dispose();
  }
}
