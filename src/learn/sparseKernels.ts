// Sparse matrices on a fixed support (SLTrain, LOST): support construction, the gather ∂L/∂S = G[support], and a
// scatter-free densify W = c·base + S (each output entry owned by one invocation; no float atomics anywhere).
import { assertNever, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import type { Rng } from '../data/rng';
import sparseGatherWgsl from '../../shaders/learn/sparse_gather.wgsl?raw';
import sparseDensifyWgsl from '../../shaders/learn/sparse_densify.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const SPARSE_GATHER_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/sparse_gather.wgsl'] }, {
  nnz: 'u32', groupsX: 'u32', _pad0: 'u32', _pad1: 'u32',
});

const DENSIFY_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/sparse_densify.wgsl'] }, {
  rows: 'u32', cols: 'u32', groupsX: 'u32', _pad0: 'u32', baseScale: 'f32', _pad1: 'f32', _pad2: 'f32', _pad3: 'f32',
});

/** A fixed sparsity pattern of a rows×cols matrix, in CSR order, resident on the device. */
export type SparseSupport = {
  rows: number;
  cols: number;
  nnz: number;
  /** Host copy of the flat indices i·cols + j, strictly ascending. */
  indices: Int32Array;
  /** (nnz, 1): the same flat indices as floats. */
  support: Tensor;
  /** (rows + 1, 1): row i's entries are [rowStart[i], rowStart[i+1]). */
  rowStart: Tensor;
};

/** Largest flat index a float32 holds exactly. */
const MAX_EXACT_INDEX = 2 ** 24;

/** Uploads a support from flat indices (any order, no repeats). Free it with disposeSupport. */
export function createSupport(be: Backend, rows: number, cols: number, flatIndices: ArrayLike<number>): SparseSupport {
  if (rows * cols > MAX_EXACT_INDEX) throw new RangeError(`createSupport: ${rows}×${cols} has more entries than f32 indices address exactly (2^24)`);
  const indices = Int32Array.from(flatIndices).sort();
  for (let k = 0; k < indices.length; k++) {
    if (!(indices[k] >= 0 && indices[k] < rows * cols)) throw new RangeError(`createSupport: index ${indices[k]} is outside ${rows}×${cols}`);
    if (k > 0 && indices[k] === indices[k - 1]) throw new RangeError(`createSupport: index ${indices[k]} appears twice`);
  }
  const rowStart = new Float64Array(rows + 1);
  for (const idx of indices) rowStart[Math.floor(idx / cols) + 1]++;
  for (let i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
  // A zero-size tensor cannot be bound on the GPU; an empty support keeps one unused slot.
  const stored = indices.length ? indices : Int32Array.of(0);
  return {
    rows, cols, nnz: indices.length, indices,
    support: be.keep(be.upload(stored, { rows: stored.length, cols: 1 })),
    rowStart: be.keep(be.upload(rowStart, { rows: rows + 1, cols: 1 })),
  };
}

export function disposeSupport(be: Backend, s: SparseSupport): void {
  be.dispose(s.support);
  be.dispose(s.rowStart);
}

/**
 * SLTrain's random support: the first ⌊δ·rows·cols⌋ entries of a seeded random permutation of all flat indices
 * (torch.randperm(total)[:nnz], sorted).
 */
export function randomSupportIndices(rng: Rng, rows: number, cols: number, density: number): Int32Array {
  const total = rows * cols;
  const nnz = Math.floor(density * total);
  const perm = new Int32Array(total);
  for (let i = 0; i < total; i++) perm[i] = i;
  // Partial Fisher–Yates: only the first nnz places are needed.
  for (let i = 0; i < nnz; i++) {
    const j = i + rng.int(total - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, nnz).sort();
}

/**
 * values[k] = dense[support[k]]: the gradient of a sparse matrix's values from the dense gradient.
 * @param dense (rows, cols)
 * @returns (nnz, 1)
 */
export function gatherSupport(be: AnyBackend, dense: Tensor, s: SparseSupport): Tensor {
  if (dense.batch !== 1 || dense.rows !== s.rows || dense.cols !== s.cols) throw new RangeError(`gatherSupport: expected ${s.rows}×${s.cols}, got ${dense.rows}×${dense.cols}`);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const d = cpu.view(dense);
      return cpu.upload(Float64Array.from(s.indices, (i) => d[i]), { rows: s.nnz, cols: 1 });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ rows: s.nnz, cols: 1 });
      if (s.nnz === 0) return out;
      const { groupsX, groups } = gpu.grid(Math.ceil(s.nnz / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'sparse_gather', code: sparseGatherWgsl }), [
        gpu.buffer(dense, 'gather dense'), gpu.buffer(s.support), gpu.buffer(out),
      ], SPARSE_GATHER_PARAMS.of({ nnz: s.nnz, groupsX }), groups);
      return out;
    }
    default: return assertNever(be);
  }
}

/**
 * W = baseScale·base + S, where S holds `values` on the support and zeros elsewhere.
 * @param base (rows, cols); values (nnz, 1)
 * @returns (rows, cols)
 */
export function densifyAdd(be: AnyBackend, base: Tensor, s: SparseSupport, values: Tensor, baseScale = 1): Tensor {
  if (base.batch !== 1 || base.rows !== s.rows || base.cols !== s.cols) throw new RangeError(`densifyAdd: expected ${s.rows}×${s.cols}, got ${base.rows}×${base.cols}`);
  if (s.nnz && values.rows * values.cols * values.batch !== s.nnz) throw new RangeError(`densifyAdd: ${s.nnz} support entries but ${values.rows * values.cols} values`);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const b = cpu.view(base);
      const v = cpu.view(values);
      const out = new Float64Array(b.length);
      for (let i = 0; i < b.length; i++) out[i] = baseScale * b[i];
      s.indices.forEach((idx, k) => (out[idx] += v[k]));
      return cpu.upload(out, { rows: s.rows, cols: s.cols });
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty({ rows: s.rows, cols: s.cols });
      const total = s.rows * s.cols;
      if (total === 0) return out;
      // With no support entries the values buffer is never read; bind the support's placeholder slot instead.
      const valuesBuffer = s.nnz ? gpu.buffer(values, 'densify values') : gpu.buffer(s.support);
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'sparse_densify', code: sparseDensifyWgsl }), [
        gpu.buffer(base, 'densify base'), gpu.buffer(s.support), gpu.buffer(s.rowStart), valuesBuffer, gpu.buffer(out),
      ], DENSIFY_PARAMS.of({ rows: s.rows, cols: s.cols, groupsX, baseScale }), groups);
      return out;
    }
    default: return assertNever(be);
  }
}
