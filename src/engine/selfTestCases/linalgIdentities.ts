// Identities the engine and linalg must satisfy on one backend, with no second implementation to compare against.
import type { Backend, Tensor } from '../backend';
import { qr } from '../../linalg/qr';
import { svd } from '../../linalg/svd';
import { blockSweep, padRows } from '../../linalg/jacobiBlockKernels';
import { eigh } from '../../linalg/eigh';
import { cholesky } from '../../linalg/cholesky';
import { solve } from '../../linalg/solve';
import { eye, gram, randomSpd, scaledProduct } from './linalgCases';
import { generatedMatmulId } from '../webgpu/matmulRegisterWgsl';
import { randomTensor, relativeDifference, type IdentityCase } from './types';

/** ‖QᵀQ − I‖_F / √r for q (m, r), freeing q's Gram matrix. */
async function orthonormality(be: Backend, q: Tensor): Promise<number> {
  const r = q.cols;
  return relativeDifference(be, gram(be, q), be.upload(eye(r), { rows: r, cols: r }));
}

/** The worse of two residuals (NaN counts as the worst). */
const worst = (...r: number[]) => r.reduce((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), 0);

/** Tolerances are for float64 (the cpu backend's precision): a wrong formula misses them by many orders. */
export function linalgIdentities(): IdentityCase[] {
  return [
    {
      kernel: 'matmul', check: '(A·B)·C = A·(B·C), transposes included', shape: '13×7·7×11·11×5',
      files: ['common/matmul_tiled.wgsl', generatedMatmulId('regblock'), generatedMatmulId('skinny'), 'common/matmul_splitk.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 7, cols: 13 });
        const b = randomTensor(be, rng, { rows: 11, cols: 7 });
        const c = randomTensor(be, rng, { rows: 11, cols: 5 });
        const left = be.tidy(() => be.matmul(be.matmul(a, b, { transA: true, transB: true }), c));
        const right = be.tidy(() => be.matmul(a, be.matmul(b, c, { transA: true }), { transA: true }));
        [a, b, c].forEach((t) => be.dispose(t));
        return relativeDifference(be, left, right);
      },
    },
    {
      kernel: 'transpose and slice', check: '(Aᵀ)ᵀ = A; slice of Aᵀ = (slice of A)ᵀ', shape: '2×33×65', files: ['common/copy.wgsl'], tolerance: 0,
      residual: async (be, rng) => {
        const a = randomTensor(be, rng, { batch: 2, rows: 33, cols: 65 });
        const twice = be.tidy(() => be.transpose(be.transpose(a)));
        const r1 = await relativeDifference(be, twice, be.slice(a, 0, 0, 33, 65));
        const s1 = be.tidy(() => be.slice(be.transpose(a), 11, 7, 13, 21));
        const s2 = be.tidy(() => be.transpose(be.slice(a, 7, 11, 21, 13)));
        be.dispose(a);
        return worst(r1, await relativeDifference(be, s1, s2));
      },
    },
    {
      kernel: 'reduce', check: 'Σ of row sums = Σ all; ‖x‖² = Σx²; max x = −min(−x)', shape: '61×300', files: ['common/reduce.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 61, cols: 300 });
        const r1 = await relativeDifference(be, be.tidy(() => be.reduce('sum', be.reduce('sum', a, 'perRow'), 'all')), be.reduce('sum', a, 'all'));
        const r2 = await relativeDifference(be, be.tidy(() => be.elementwise('square', be.reduce('norm', a, 'perCol'))), be.reduce('sumSquares', a, 'perCol'));
        const r3 = await relativeDifference(be, be.reduce('max', a, 'perRow'), be.tidy(() => be.elementwise('scale', be.reduce('min', be.elementwise('scale', a, null, -1, 0), 'perRow'), null, -1, 0)));
        be.dispose(a);
        return worst(r1, r2, r3);
      },
    },
    {
      kernel: 'elementwise', check: 'exp(log x) = x; (√x)² = x; tanh x = 1 − 2/(e^{2x} + 1)', shape: '37×53', files: ['common/elementwise.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 37, cols: 53 });
        const x = be.tidy(() => be.elementwise('scale', be.elementwise('abs', a), null, 1, 0.5));
        const r1 = await relativeDifference(be, be.tidy(() => be.elementwise('exp', be.elementwise('log', x))), be.elementwise('scale', x, null, 1, 0));
        const r2 = await relativeDifference(be, be.tidy(() => be.elementwise('square', be.elementwise('sqrt', x))), be.elementwise('scale', x, null, 1, 0));
        const viaExp = be.tidy(() => {
          const denom = be.elementwise('scale', be.elementwise('exp', be.elementwise('scale', a, null, 2, 0)), null, 1, 1);
          return be.elementwise('scale', be.elementwise('div', be.fill(a, 2), denom), null, -1, 1);
        });
        const r3 = await relativeDifference(be, be.elementwise('tanh', a), viaExp);
        [a, x].forEach((t) => be.dispose(t));
        return worst(r1, r2, r3);
      },
    },
    {
      kernel: 'QR', check: 'QᵀQ = I and Q·R = A', shape: '37×13', files: ['linalg/householder_qr.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 37, cols: 13 });
        const { Q, R } = await qr(be, a);
        const r = worst(await orthonormality(be, Q), await relativeDifference(be, be.matmul(Q, R), a));
        [Q, R].forEach((t) => be.dispose(t));
        return r;
      },
    },
    {
      kernel: 'SVD', check: 'A = U·S·Vᵀ, UᵀU = VᵀV = I', shape: '29×11', files: ['linalg/jacobi_svd.wgsl'], tolerance: 1e-11,
      residual: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 29, cols: 11 });
        const { U, S, V } = await svd(be, a, { method: 'jacobi' });
        const r = worst(await relativeDifference(be, scaledProduct(be, U, S, V), a), await orthonormality(be, U), await orthonormality(be, V));
        [U, V].forEach((t) => be.dispose(t));
        return r;
      },
    },
    {
      kernel: 'Block Jacobi sweeps', check: 'W = V·A, VVᵀ = I, rows of W orthogonal', shape: '11×13 rows', files: ['linalg/jacobi_block.wgsl'], tolerance: 1e-11,
      residual: async (be, rng) => {
        const a = be.tidy(() => padRows(be, randomTensor(be, rng, { rows: 11, cols: 13 }))); // (11, 16)
        const work = be.tidy(() => be.slice(a, 0, 0, 11, 16));
        const rotations = be.tidy(() => padRows(be, be.upload(eye(11), { rows: 11, cols: 11 }))); // (11, 12)
        for (let sweep = 0; sweep < 30; sweep++) {
          const measure = be.tidy(() => be.reduce('max', blockSweep(be, work, rotations, 1e-14), 'all'));
          const done = (await be.read(measure))[0] < 1e-14;
          be.dispose(measure);
          if (done) break;
        }
        const v = be.tidy(() => be.slice(rotations, 0, 0, 11, 11));
        const normsT = be.reduce('norm', work, 'perRow');
        const norms = await be.read(normsT);
        const vt = be.transpose(v);
        const unitT = be.tidy(() => be.transpose(be.elementwise('mul', work, be.upload(norms.map((x) => 1 / x), { rows: 11, cols: 1 }))));
        const r = worst(
          await relativeDifference(be, be.matmul(v, a), work), // frees the product and work
          await orthonormality(be, vt),
          await orthonormality(be, unitT),
        );
        [a, rotations, v, normsT, vt, unitT].forEach((t) => be.dispose(t));
        return r;
      },
    },
    {
      kernel: 'eigh', check: 'A·V = V·Λ, VᵀV = I', shape: '19×19 SPD', files: ['linalg/jacobi_eigh.wgsl', 'linalg/matrix_checks.wgsl', 'linalg/gather_columns.wgsl'], tolerance: 1e-11,
      residual: async (be, rng) => {
        const a = randomSpd(be, rng, 19);
        const { values, vectors } = await eigh(be, a);
        const av = be.matmul(a, vectors);
        const vl = be.tidy(() => be.elementwise('mul', vectors, be.upload(values, { rows: 1, cols: values.length })));
        const r = worst(await relativeDifference(be, av, vl), await orthonormality(be, vectors));
        [a, vectors].forEach((t) => be.dispose(t));
        return r;
      },
    },
    {
      kernel: 'Cholesky', check: 'L·Lᵀ = A', shape: '2×23×23 SPD', files: ['linalg/cholesky.wgsl', 'linalg/matrix_checks.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const a = randomSpd(be, rng, 23, 2);
        const l = await cholesky(be, a);
        const r = await relativeDifference(be, be.matmul(l, l, { transB: true }), a);
        be.dispose(l);
        return r;
      },
    },
    {
      kernel: 'solve', check: '‖A·X − B‖ / ‖B‖, general (LU) and SPD (Cholesky)', shape: '17×17 · X = 17×3',
      files: ['linalg/lu_solve.wgsl', 'linalg/triangular_solve.wgsl', 'linalg/matrix_checks.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const n = 17;
        const a = be.tidy(() => be.elementwise('add', randomTensor(be, rng, { rows: n, cols: n }), be.upload(eye(n), { rows: n, cols: n }), 1, 2 * Math.sqrt(n)));
        const spd = randomSpd(be, rng, n);
        const b = randomTensor(be, rng, { rows: n, cols: 3 });
        const x1 = await solve(be, a, b);
        const x2 = await solve(be, spd, b, { assume: 'spd' });
        const r1 = await relativeDifference(be, be.matmul(a, x1), be.elementwise('scale', b, null, 1, 0));
        const r2 = await relativeDifference(be, be.matmul(spd, x2), be.elementwise('scale', b, null, 1, 0));
        [a, spd, b, x1, x2].forEach((t) => be.dispose(t));
        return worst(r1, r2);
      },
    },
  ];
}
