// Random projections P (D×d) from intrinsic coordinates to all D parameters: dense Gaussian, unit columns, Fastfood.
import { assertNever, sizeOf, unsupported, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import { createFastfood, fastfoodProject, fastfoodProjectTranspose, type Fastfood } from './fastfoodKernels';
import { reshape } from './gatherKernels';

/**
 * 'gaussian': dense, entries N(0, 1) as drawn by the official OffsetCreatorDenseProj (columns of norm ≈ √D);
 * 'unit': dense with unit-length columns (the paper, and the official train.py after its rescaling step);
 * 'fastfood': H G Π H B scaled to ≈ unit columns (official FastWalshHadamardProjector);
 * 'identity': P = I, only for d = D (a check that subspace training reproduces full training).
 */
export type ProjectionKind = 'gaussian' | 'unit' | 'fastfood' | 'identity';
export const PROJECTION_KINDS: readonly ProjectionKind[] = ['gaussian', 'unit', 'fastfood', 'identity'];

/** θ-offset = P·x and its adjoint, on the device. */
export interface SubspaceProjection {
  readonly kind: ProjectionKind;
  readonly d: number;
  readonly D: number;
  /** x (d entries) → P·x as (D, 1). */
  project(x: Tensor): Tensor;
  /** y (D entries) → Pᵀ·y as (d, 1). */
  projectTranspose(y: Tensor): Tensor;
  /** Bytes of device memory P takes. */
  readonly bytes: number;
  dispose(): void;
}

/** Host values of a dense P (D×d, row-major), column-normalized for 'unit'. */
export function denseProjectionValues(rng: Rng, D: number, d: number, unitColumns: boolean): Float64Array {
  const p = new Float64Array(D * d);
  for (let i = 0; i < p.length; i++) p[i] = rng.normal();
  if (unitColumns) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < D; i++) s += p[i * d + j] ** 2;
      const inv = 1 / Math.sqrt(s);
      for (let i = 0; i < D; i++) p[i * d + j] *= inv;
    }
  }
  return p;
}

/** A projection of the given kind, drawn from `rng`. Free it with dispose(). */
export function createProjection(be: Backend, rng: Rng, kind: ProjectionKind, d: number, D: number): SubspaceProjection {
  if (!(Number.isInteger(d) && d >= 1 && d <= D)) throw new RangeError(`projection: need 1 ≤ d ≤ D, got d=${d}, D=${D}`);
  switch (kind) {
    case 'gaussian':
    case 'unit': {
      const P = be.keep(be.upload(denseProjectionValues(rng, D, d, kind === 'unit'), { rows: D, cols: d }));
      return {
        kind, d, D, bytes: D * d * (be.precision === 'f32' ? 4 : 8),
        project: (x) => denseMatvec(be, P, asColumn(be, x, d), false),
        projectTranspose: (y) => denseMatvec(be, P, asColumn(be, y, D), true),
        dispose: () => be.dispose(P),
      };
    }
    case 'fastfood': {
      const f: Fastfood = createFastfood(be, rng, d, D);
      return {
        kind, d, D, bytes: 4 * f.L * (be.precision === 'f32' ? 4 : 8),
        project: (x) => fastfoodProject(be, f, x),
        projectTranspose: (y) => fastfoodProjectTranspose(be, f, y),
        dispose: () => be.dispose(f.table),
      };
    }
    case 'identity': {
      if (d !== D) throw new RangeError(`projection: identity needs d = D, got d=${d}, D=${D}`);
      return {
        kind, d, D, bytes: 0,
        project: (x) => reshape(be, x, { rows: D, cols: 1 }),
        projectTranspose: (y) => reshape(be, y, { rows: d, cols: 1 }),
        dispose: () => {},
      };
    }
    default: return unsupported(kind);
  }
}

/**
 * P·x (transpose false) or Pᵀ·x for a dense P (D, d): a matmul on the GPU; on the cpu backend a row-contiguous loop,
 * since the generic float64 matmul walks Pᵀ with a stride of d.
 */
function denseMatvec(be: AnyBackend, P: Tensor, x: Tensor, transpose: boolean): Tensor {
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const p = cpu.view(P);
      const v = cpu.view(x);
      const [D, d] = [P.rows, P.cols];
      const out = new Float64Array(transpose ? d : D);
      for (let i = 0; i < D; i++) {
        const row = i * d;
        if (transpose) {
          const vi = v[i];
          if (vi !== 0) for (let j = 0; j < d; j++) out[j] += vi * p[row + j];
        } else {
          let s = 0;
          for (let j = 0; j < d; j++) s += p[row + j] * v[j];
          out[i] = s;
        }
      }
      return cpu.upload(out, { rows: out.length, cols: 1 });
    }
    case 'webgpu': return be.matmul(P, x, { transA: transpose });
    default: return assertNever(be);
  }
}

function asColumn(be: Backend, t: Tensor, n: number): Tensor {
  if (sizeOf(t) !== n) throw new RangeError(`projection: expected ${n} entries, got ${sizeOf(t)}`);
  return t.cols === 1 && t.batch === 1 ? t : reshape(be, t, { rows: n, cols: 1 });
}
