// Directions for loss-landscape slices: Li et al.'s filter-normalized random directions and PCA of the trajectory.
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import type { WeightShape } from '../../learn/model';
import { svd } from '../../linalg/svd';

/**
 * Li et al. (Visualizing the Loss Landscape of Neural Nets; tomgoldstein/loss-landscape, normalize_direction with
 * ignore='biasbn'): each row ("filter": one output unit's incoming weights) of a weight-matrix block of the raw
 * Gaussian direction is rescaled to the norm of the same row of θ; bias blocks are set to 0.
 * @param raw a Gaussian vector of length D (not modified); theta the point θ, both in weight order
 */
export function filterNormalize(raw: ArrayLike<number>, theta: ArrayLike<number>, shapes: readonly WeightShape[]): Float64Array {
  const d = new Float64Array(theta.length);
  let offset = 0;
  for (const s of shapes) {
    if (s.role === 'matrix') {
      for (let i = 0; i < s.rows; i++) {
        const start = offset + i * s.cols;
        let dn = 0;
        let wn = 0;
        for (let j = 0; j < s.cols; j++) {
          dn += raw[start + j] ** 2;
          wn += theta[start + j] ** 2;
        }
        const factor = Math.sqrt(wn) / (Math.sqrt(dn) + 1e-10);
        for (let j = 0; j < s.cols; j++) d[start + j] = raw[start + j] * factor;
      }
    }
    offset += s.rows * s.cols;
  }
  return d;
}

/** 1 on the entries of weight matrices, 0 on biases (Li et al. ignore biases in every direction). */
export function matrixMask(shapes: readonly WeightShape[]): Float64Array {
  const out: number[] = [];
  for (const s of shapes) for (let k = 0; k < s.rows * s.cols; k++) out.push(s.role === 'matrix' ? 1 : 0);
  return Float64Array.from(out);
}

export type TrajectoryPca = {
  /** Two unit directions in weight space, row-major (2, D). */
  directions: Float64Array;
  /** Fraction of the trajectory's variance each direction explains. */
  explained: [number, number];
  /** Every snapshot θ_t − θ_final projected on the two directions (the last is the origin). */
  x: number[];
  y: number[];
};

/**
 * Li et al.'s PCA directions: the top two principal directions of M = [θ₀ − θ_T; …; θ_{T−1} − θ_T] (biases
 * zeroed, columns centered as sklearn's PCA in their code does), from the one-sided Jacobi SVD of M; each
 * snapshot's offset θ_t − θ_T (uncentered) is projected on them, as in their project_trajectory.
 *
 * The snapshots arrive as host numbers and the SVD runs on the float64 cpu backend: M has one row per epoch, a
 * host-sized problem, and on a software WebGPU adapter compiling the Jacobi pipelines alone takes ~15 s.
 * @param snapshots θ₀ … θ_T row-major ((T + 1) × D), the final point last; T ≥ 2
 */
export async function trajectoryPca(snapshots: Float64Array, D: number, shapes: readonly WeightShape[]): Promise<TrajectoryPca> {
  const T = snapshots.length / D - 1;
  if (!(T >= 2 && Number.isInteger(T))) throw new RangeError(`trajectoryPca: needs at least 3 snapshots of ${D} numbers, got ${snapshots.length / D}`);
  const mask = matrixMask(shapes);
  const final = snapshots.subarray(T * D);
  const offsets = new Float64Array((T + 1) * D);
  for (let t = 0; t <= T; t++) for (let j = 0; j < D; j++) offsets[t * D + j] = (snapshots[t * D + j] - final[j]) * mask[j];
  const centered = offsets.slice(0, T * D);
  for (let j = 0; j < D; j++) {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += centered[t * D + j];
    mean /= T;
    for (let t = 0; t < T; t++) centered[t * D + j] -= mean;
  }
  const be = new CpuBackend();
  const a = be.upload(centered, { rows: T, cols: D });
  try {
    const { U, S, V } = await svd(be, a, { method: 'jacobi' });
    const v = be.view(V);
    be.dispose(U);
    const r = V.cols;
    const directions = new Float64Array(2 * D);
    for (let j = 0; j < D; j++) {
      directions[j] = v[j * r];
      directions[D + j] = v[j * r + 1];
    }
    be.dispose(V);
    const project = (t: number, k: number) => {
      let s = 0;
      for (let j = 0; j < D; j++) s += offsets[t * D + j] * directions[k * D + j];
      return s;
    };
    const total = S.reduce((s, x) => s + x * x, 0) || 1;
    return {
      directions,
      explained: [S[0] ** 2 / total, (S[1] ?? 0) ** 2 / total],
      x: Array.from({ length: T + 1 }, (_, t) => project(t, 0)),
      y: Array.from({ length: T + 1 }, (_, t) => project(t, 1)),
    };
  } finally {
    be.destroy();
  }
}
