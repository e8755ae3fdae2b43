// The block Jacobi sweep's float64 twin (the oracle for jacobi_block.wgsl): it converges to the SVD, keeps rows and rotations consistent, and leaves orthogonal rows alone.
import { describe, expect, it } from 'vitest';
import { Matrix, SVD } from 'ml-matrix';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { gradedSpectrum } from '../testing/matrices';
import { orthogonalityError, worstRelativeError } from './factorizationChecks';
import { JACOBI_SVD_CODE, jacobiSweep } from './jacobiKernels';
import jacobiRotationWgsl from '../../shaders/common/snippets/jacobi_rotation.wgsl?raw';
import { JACOBI_BLOCK_CODE, blockPlayersFor, blockSweep, packedWidth, padRows } from './jacobiBlockKernels';

const be = new CpuBackend();

/** Rows (n, len) of `data` swept to convergence by the twin: the rows, the rotations, the sweeps taken, every sweep's worst measure. */
async function sweepToConvergence(data: Float64Array, n: number, len: number, tol: number) {
  const work = be.tidy(() => padRows(be, be.upload(data, { rows: n, cols: len })));
  const rotations = be.tidy(() => padRows(be, be.upload(Float64Array.from({ length: n * n }, (_, e) => (Math.floor(e / n) === e % n ? 1 : 0)), { rows: n, cols: n })));
  const worsts: number[] = [];
  while (worsts.length < 40) {
    const worst = be.tidy(() => be.reduce('max', blockSweep(be, work, rotations, tol), 'all'));
    worsts.push((await be.read(worst))[0]);
    be.dispose(worst);
    if (worsts[worsts.length - 1] < tol) break;
  }
  const [w, r] = await Promise.all([be.read(work), be.read(rotations)]);
  be.dispose(work);
  be.dispose(rotations);
  return { w, r, worsts, lenPad: packedWidth(len), nPad: packedWidth(n) };
}

/** Row p of a (rows, stride) row-major array, first `len` entries. */
const row = (x: Float64Array, p: number, stride: number, len: number) => x.subarray(p * stride, p * stride + len);
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('block Jacobi sweep (float64 twin)', () => {
  // odd n (a half block, and an odd block count so a padding block sits out each round), even n, rows longer and shorter than n
  for (const [n, len] of [[7, 11], [10, 10], [13, 5], [1, 3], [2, 6]]) {
    it(`sweeps ${n} rows of ${len} to orthogonal rows whose norms are the singular values (${n}×${len})`, async () => {
      const data = Float64Array.from(new Rng(n * 31 + len).normals(n * len));
      const { w, r, worsts, lenPad, nPad } = await sweepToConvergence(data, n, len, 1e-14);
      expect(worsts[worsts.length - 1]).toBeLessThan(1e-14);
      // rows of work are orthogonal: |w_p·w_q| ≤ 1e-13 ‖w_p‖‖w_q‖ (rows beyond the rank are ~1e-16 and left out)
      const rowNorm = (p: number) => Math.sqrt(dot(row(w, p, lenPad, len), row(w, p, lenPad, len)));
      const largest = Math.max(...Array.from({ length: n }, (_, p) => rowNorm(p)));
      const live = Array.from({ length: n }, (_, p) => p).filter((p) => rowNorm(p) > 1e-12 * largest);
      expect(live.length).toBe(Math.min(n, len));
      for (const p of live) for (const q of live) {
        if (q <= p) continue;
        expect(Math.abs(dot(row(w, p, lenPad, len), row(w, q, lenPad, len)))).toBeLessThanOrEqual(1e-13 * rowNorm(p) * rowNorm(q));
      }
      // the rotations stay orthogonal and carry the rows: work = rotations · data
      const rot = Float64Array.from({ length: n * n }, (_, e) => r[Math.floor(e / n) * nPad + (e % n)]);
      expect(orthogonalityError(rot, n, n)).toBeLessThan(1e-13);
      for (let p = 0; p < n; p++) for (let e = 0; e < len; e++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += rot[p * n + k] * data[k * len + e];
        expect(Math.abs(w[p * lenPad + e] - s)).toBeLessThan(1e-12);
      }
      // the row norms are the singular values of the n×len matrix
      const norms = Array.from({ length: n }, (_, p) => Math.sqrt(dot(row(w, p, lenPad, len), row(w, p, lenPad, len)))).sort((x, y) => y - x);
      const rows = Array.from({ length: n }, (_, p) => Array.from(data.subarray(p * len, (p + 1) * len)));
      const sigma = new SVD(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
      const k = Math.min(n, len);
      expect(worstRelativeError(Float64Array.from(norms.slice(0, k)), Float64Array.from(sigma.slice(0, k)), k)).toBeLessThan(1e-12);
      for (const tiny of norms.slice(k)) expect(tiny).toBeLessThan(1e-12 * norms[0]); // rank ≤ len: the rest vanish
      // the padding stays zero
      for (let p = 0; p < n; p++) for (let e = len; e < lenPad; e++) expect(w[p * lenPad + e]).toBe(0);
    });
  }

  it('keeps the relative accuracy of one-sided Jacobi on rows graded 1…1e-12: σ as the pair sweeps find them', async () => {
    // D·B with B Gaussian (well conditioned) and D graded: one-sided Jacobi finds every σ to ~κ(B)·ε relative, however
    // small. The block sweep rotates on an updated Gram matrix inside a meeting; its σ must match the pair sweeps'.
    const n = 12;
    const len = 20;
    const scale = gradedSpectrum(n, 1, 1e-12);
    const b = new Rng(3).normals(n * len);
    const data = Float64Array.from(b, (x, e) => x * scale[Math.floor(e / len)]);
    const { w, lenPad } = await sweepToConvergence(data, n, len, 1e-15);
    const norms = Array.from({ length: n }, (_, p) => Math.sqrt(dot(row(w, p, lenPad, len), row(w, p, lenPad, len)))).sort((x, y) => y - x);
    const work = be.upload(data, { rows: n, cols: len });
    const rotations = be.upload(Float64Array.from({ length: n * n }, (_, e) => (Math.floor(e / n) === e % n ? 1 : 0)), { rows: n, cols: n });
    for (let sweep = 0; sweep < 30; sweep++) {
      const worst = jacobiSweep(be, work, rotations, 1e-15);
      const done = (await be.read(worst))[0] < 1e-15;
      be.dispose(worst);
      if (done) break;
    }
    const pairRows = await be.read(work);
    const pairNorms = Array.from({ length: n }, (_, p) => Math.sqrt(dot(row(pairRows, p, len, len), row(pairRows, p, len, len)))).sort((x, y) => y - x);
    expect(pairNorms[n - 1] / pairNorms[0]).toBeLessThan(1e-11); // the spread really is there
    expect(worstRelativeError(Float64Array.from(norms), Float64Array.from(pairNorms), n)).toBeLessThan(1e-13);
    be.dispose(work);
    be.dispose(rotations);
  });

  it('rotates nothing on rows that are already orthogonal, and reports their largest measure', async () => {
    const data = new Float64Array(5 * 8);
    for (let p = 0; p < 5; p++) data[p * 8 + p] = p + 1; // orthogonal rows of distinct norms
    data[1 * 8 + 0] = 1e-9; // one pair just short of orthogonal: measure 1e-9 / (1·2) = 5e-10, below tol
    const work = be.upload(data, { rows: 5, cols: 8 });
    const rotations = be.tidy(() => padRows(be, be.upload(Float64Array.from({ length: 25 }, (_, e) => (e % 6 === 0 ? 1 : 0)), { rows: 5, cols: 5 })));
    const before = [await be.read(work), await be.read(rotations)];
    const worst = blockSweep(be, work, rotations, 1e-6);
    expect((await be.read(worst))[0]).toBeCloseTo(5e-10, 15);
    expect(await be.read(work)).toEqual(before[0]);
    expect(await be.read(rotations)).toEqual(before[1]);
    for (const t of [work, rotations, worst]) be.dispose(t);
  });

  it('takes its round-robin schedule and rotation from shaders/common/snippets/jacobi_rotation.wgsl, as the pair kernel does', () => {
    for (const code of [JACOBI_BLOCK_CODE, JACOBI_SVD_CODE]) {
      expect(code).toContain(jacobiRotationWgsl);
      expect(code.match(/fn pairOf\(/g)).toHaveLength(1);
      expect(code.match(/fn rotation\(/g)).toHaveLength(1);
    }
  });

  it('meets every pair of blocks once a sweep: ⌈n/2⌉ rounded up to even players', () => {
    expect([1, 2, 3, 4, 5, 7, 8, 256].map(blockPlayersFor)).toEqual([2, 2, 2, 2, 4, 4, 4, 128]);
  });

  it('says what is wrong with rows that are not padded, or rotations that do not match', () => {
    const work = be.upload(new Float64Array(15), { rows: 3, cols: 5 });
    const rotations = be.upload(new Float64Array(12), { rows: 3, cols: 4 });
    const short = be.upload(new Float64Array(8), { rows: 2, cols: 4 });
    const padded = be.upload(new Float64Array(24), { rows: 3, cols: 8 });
    expect(() => blockSweep(be, work, rotations, 1e-6)).toThrow(/pad them to a multiple of 4/);
    expect(() => blockSweep(be, padded, short, 1e-6)).toThrow(/work has 1×3 rows but rotations 1×2/);
    for (const t of [work, rotations, short, padded]) be.dispose(t);
  });
});
