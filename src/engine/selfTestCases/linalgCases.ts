// Self-test cases for the factorizations (shaders/linalg/): Householder QR, Jacobi SVD and eigh, Cholesky, LU and triangular solves.
import type { Backend, Tensor } from '../backend';
import type { Rng } from '../../data/rng';
import { qr } from '../../linalg/qr';
import { svd } from '../../linalg/svd';
import { eigh } from '../../linalg/eigh';
import { cholesky } from '../../linalg/cholesky';
import { solve } from '../../linalg/solve';
import { blockSweep, padRows } from '../../linalg/jacobiBlockKernels';
import { randomTensor, type KernelCase } from './types';

/** A well-conditioned SPD batch XᵀX/m + I, built on `be` (so both backends form it the same way). */
export function randomSpd(be: Backend, rng: Rng, n: number, batch = 1): Tensor {
  const m = n + 5;
  const x = randomTensor(be, rng, { batch, rows: m, cols: n });
  const spd = be.tidy(() => be.elementwise('add', be.matmul(x, x, { transA: true }), be.upload(eye(n), { rows: n, cols: n }), 1 / m, 1));
  be.dispose(x);
  return spd;
}

/** The n×n identity, row-major. */
export function eye(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** U·diag(s)·Vᵀ for U (m, r), s (r) on the host, V (n, r). */
export function scaledProduct(be: Backend, u: Tensor, s: ArrayLike<number>, v: Tensor): Tensor {
  return be.tidy(() => be.matmul(be.elementwise('mul', u, be.upload(s, { rows: 1, cols: s.length })), v, { transB: true }));
}

/** Gram matrix QᵀQ of the columns of q (m, r). */
export function gram(be: Backend, q: Tensor): Tensor {
  return be.matmul(q, q, { transA: true });
}

/**
 * Factorizations compare what does not depend on a sign or rotation choice (products, Gram matrices, |R|,
 * spectra), so a correct kernel never fails on a flipped column.
 */
export function linalgCases(): KernelCase[] {
  return [
    {
      kernel: 'QR (Householder)',
      files: ['linalg/householder_qr.wgsl'],
      shape: '37×13',
      tolerance: 2e-5,
      run: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 37, cols: 13 });
        const { Q, R } = await qr(be, a);
        const out = [be.matmul(Q, R), gram(be, Q), be.elementwise('abs', R)];
        [a, Q, R].forEach((t) => be.dispose(t));
        return out;
      },
    },
    {
      kernel: 'SVD (one-sided Jacobi)',
      files: ['linalg/jacobi_svd.wgsl'],
      shape: '29×11',
      tolerance: 5e-5,
      run: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 29, cols: 11 });
        const { U, S, V } = await svd(be, a, { method: 'jacobi' });
        const out = [scaledProduct(be, U, S, V), be.upload(S, { rows: 1, cols: S.length }), gram(be, U), gram(be, V)];
        [a, U, V].forEach((t) => be.dispose(t));
        return out;
      },
    },
    {
      kernel: 'Block Jacobi sweep on vec4-packed rows',
      files: ['linalg/jacobi_block.wgsl'],
      shape: '23×29 rows, rotations 23×23, padded to 32 and 24',
      tolerance: 5e-5,
      run: async (be, rng) => {
        // rows of distinct norms, so no rotation sits at the ±45° tie where f32 and f64 could choose differently
        const rowScales = Float64Array.from({ length: 23 }, (_, i) => 1 + i / 23);
        const work = be.tidy(() => padRows(be, be.elementwise('mul', randomTensor(be, rng, { rows: 23, cols: 29 }), be.upload(rowScales, { rows: 23, cols: 1 }))));
        const rotations = be.tidy(() => padRows(be, be.upload(eye(23), { rows: 23, cols: 23 })));
        const worst = be.tidy(() => be.reduce('max', blockSweep(be, work, rotations, 1e-6), 'all'));
        return [work, rotations, worst];
      },
    },
    {
      kernel: 'eigh (Jacobi)',
      files: ['linalg/jacobi_eigh.wgsl', 'linalg/matrix_checks.wgsl', 'linalg/gather_columns.wgsl'],
      shape: '19×19 SPD',
      tolerance: 5e-5,
      run: async (be, rng) => {
        const a = randomSpd(be, rng, 19);
        const { values, vectors } = await eigh(be, a);
        const out = [be.upload(values, { rows: 1, cols: values.length }), scaledProduct(be, vectors, values, vectors), gram(be, vectors)];
        [a, vectors].forEach((t) => be.dispose(t));
        return out;
      },
    },
    {
      kernel: 'Cholesky',
      files: ['linalg/cholesky.wgsl', 'linalg/matrix_checks.wgsl'],
      shape: '2×23×23 SPD',
      tolerance: 2e-5,
      run: async (be, rng) => {
        const a = randomSpd(be, rng, 23, 2);
        const l = await cholesky(be, a);
        be.dispose(a);
        return [l];
      },
    },
    {
      kernel: 'solve (LU, then triangular)',
      files: ['linalg/lu_solve.wgsl', 'linalg/triangular_solve.wgsl', 'linalg/matrix_checks.wgsl'],
      shape: '17×17 · X = 17×3',
      tolerance: 2e-5,
      run: async (be, rng) => {
        const n = 17;
        const r = randomTensor(be, rng, { rows: n, cols: n });
        // a random matrix plus a diagonal shift keeps the condition number small
        const a = be.tidy(() => be.elementwise('add', r, be.upload(eye(n), { rows: n, cols: n }), 1, 2 * Math.sqrt(n)));
        const b = randomTensor(be, rng, { rows: n, cols: 3 });
        const x = await solve(be, a, b);
        [r, a, b].forEach((t) => be.dispose(t));
        return [x];
      },
    },
    {
      kernel: 'solve (Cholesky, then triangular)',
      files: ['linalg/triangular_solve.wgsl', 'linalg/cholesky.wgsl', 'linalg/matrix_checks.wgsl'],
      shape: '31×31 SPD · X = 31×1',
      tolerance: 2e-5,
      run: async (be, rng) => {
        const a = randomSpd(be, rng, 31);
        const b = randomTensor(be, rng, { rows: 31, cols: 1 });
        const x = await solve(be, a, b, { assume: 'spd' });
        [a, b].forEach((t) => be.dispose(t));
        return [x];
      },
    },
  ];
}
