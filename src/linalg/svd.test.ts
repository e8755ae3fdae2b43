// jacobi_svd and randomized SVD on the float64 cpu backend: against ml-matrix, by their properties, edge cases and errors.
import { describe, expect, it } from 'vitest';
import { Matrix, SVD } from 'ml-matrix';
import type { Tensor } from '../engine/backend';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { gradedSpectrum, withSingularValues } from '../testing/matrices';
import { isDescending, orthogonalityError, svdResidual, worstRelativeError } from './factorizationChecks';
import { chooseMethod, svd, svdBatched, type SvdOptions } from './svd';

const be = new CpuBackend();

function referenceSigma(a: Float64Array, m: number, n: number): number[] {
  const rows = Array.from({ length: m }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  return new SVD(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal.slice(0, Math.min(m, n));
}

type Checked = { S: Float64Array; u: Float64Array; v: Float64Array };

/** Runs svd and checks shapes, orthonormality, reconstruction (for full rank r), order and that nothing leaks. */
async function checkSvd(a: Float64Array, m: number, n: number, o: SvdOptions = {}, tol = 1e-12): Promise<Checked> {
  const start = be.liveTensors();
  const at = be.upload(a, { rows: m, cols: n });
  const { U, S, V } = await svd(be, at, o);
  const r = o.k ?? Math.min(m, n);
  expect([U.rows, U.cols, V.rows, V.cols, S.length]).toEqual([m, r, n, r, r]);
  const u = await be.read(U);
  const v = await be.read(V);
  expect(orthogonalityError(u, m, r), 'max |UᵀU − I|').toBeLessThan(tol);
  expect(orthogonalityError(v, n, r), 'max |VᵀV − I|').toBeLessThan(tol);
  if (r === Math.min(m, n)) expect(svdResidual(a, u, S, v, m, n, r), '‖A − USVᵀ‖/‖A‖').toBeLessThan(tol);
  expect(isDescending(S, r)).toBe(true);
  for (const t of [at, U, V]) be.dispose(t);
  expect(be.liveTensors(), 'every intermediate is freed').toBe(start);
  return { S, u, v };
}

describe('jacobi_svd kernel (float64 twin) through svd', () => {
  const shapes: [number, number][] = [[1, 1], [1, 7], [7, 1], [2, 2], [5, 5], [13, 7], [7, 13], [40, 40], [64, 33], [33, 64], [120, 97]];
  for (const [m, n] of shapes) {
    it(`Gaussian ${m}×${n} matches ml-matrix`, async () => {
      const a = Float64Array.from(new Rng(m * 100 + n).normals(m * n));
      const { S } = await checkSvd(a, m, n);
      expect(worstRelativeError(S, referenceSigma(a, m, n))).toBeLessThan(1e-11);
    });
  }

  it('is relatively accurate on a 200×40 matrix with σ graded 1…1e-4 (and 1…1e-12)', async () => {
    for (const lo of [1e-4, 1e-12]) {
      const sigma = gradedSpectrum(40, 1, lo);
      const { S } = await checkSvd(withSingularValues(new Rng(2), 200, 40, sigma), 200, 40);
      expect(worstRelativeError(S, sigma)).toBeLessThan(lo === 1e-4 ? 1e-10 : 1e-3);
    }
  });

  it('handles a tall 500×20, a wide 16×90 and clustered singular values', async () => {
    const rng = new Rng(3);
    for (const [m, n] of [[500, 20], [16, 90]]) {
      const a = Float64Array.from(rng.normals(m * n));
      expect(worstRelativeError((await checkSvd(a, m, n)).S, referenceSigma(a, m, n))).toBeLessThan(1e-11);
    }
    const clustered = [3, 2 + 1e-9, 2, 2 - 1e-9, 1, 1, 1, 0.5];
    const { S } = await checkSvd(withSingularValues(rng, 30, 8, clustered), 30, 8);
    expect(worstRelativeError(S, clustered)).toBeLessThan(1e-12);
  });

  it('completes U to an orthonormal basis for rank-deficient and zero matrices', async () => {
    const sigma = [5, 4, 3, 2, 1];
    const { S } = await checkSvd(withSingularValues(new Rng(4), 30, 20, sigma), 30, 20);
    expect(worstRelativeError(S, sigma, 5)).toBeLessThan(1e-12);
    for (let i = 5; i < 20; i++) expect(S[i]).toBeLessThan(1e-13);
    const zero = await checkSvd(new Float64Array(12 * 5), 12, 5);
    expect(Array.from(zero.S)).toEqual([0, 0, 0, 0, 0]);
    // exactly repeated columns make exact zeros inside the sweep
    const g = new Rng(5).normals(10);
    const twins = Float64Array.from({ length: 30 }, (_, e) => g[Math.floor(e / 3)]);
    expect((await checkSvd(twins, 10, 3)).S[2]).toBeLessThan(1e-15);
  });

  it('returns the top k when k is given, and rescales huge and tiny inputs exactly', async () => {
    const a = Float64Array.from(new Rng(6).normals(50 * 30));
    const ref = referenceSigma(a, 50, 30);
    const { S } = await checkSvd(a, 50, 30, { k: 4, method: 'jacobi' });
    expect(worstRelativeError(S, ref, 4)).toBeLessThan(1e-12);
    for (const scale of [1e30, 1e-30]) {
      const scaled = await checkSvd(a.map((x) => x * scale), 50, 30);
      expect(worstRelativeError(scaled.S, ref.map((s) => s * scale))).toBeLessThan(1e-12);
    }
  });
});

describe('randomized SVD', () => {
  it('finds the top 10 of σ_i = 0.5^i to 1e-3 relative', async () => {
    const sigma = Float64Array.from({ length: 60 }, (_, i) => 0.5 ** i);
    const a = withSingularValues(new Rng(7), 200, 120, sigma);
    const { S } = await checkSvd(a, 200, 120, { k: 10, method: 'randomized', seed: 1 }, 1e-10);
    expect(worstRelativeError(S, sigma, 10)).toBeLessThan(1e-3);
  });

  it("is what 'auto' picks for a small k, and Jacobi otherwise", () => {
    expect(chooseMethod({ k: 10 }, 200, 120)).toBe('randomized');
    expect(chooseMethod({ k: 30 }, 200, 120)).toBe('jacobi');
    expect(chooseMethod({}, 200, 120)).toBe('jacobi');
    expect(chooseMethod({ k: 10, method: 'jacobi' }, 200, 120)).toBe('jacobi');
  });

  it('gives the same numbers for the same seed', async () => {
    const a = be.upload(new Rng(8).normals(80 * 60), { rows: 80, cols: 60 });
    const run = async () => {
      const { U, S, V } = await svd(be, a, { k: 5, method: 'randomized', seed: 3, powerIters: 0 });
      be.dispose(U);
      be.dispose(V);
      return Array.from(S);
    };
    expect(await run()).toEqual(await run());
    be.dispose(a);
  });
});

describe('svdBatched', () => {
  it('factors each item like svd does, for both methods (a full-width sketch is exact)', async () => {
    const [batch, m, n] = [5, 12, 7];
    const data = Float64Array.from(new Rng(9).normals(batch * m * n));
    const start = be.liveTensors();
    const at = be.upload(data, { batch, rows: m, cols: n });
    for (const o of [{}, { k: 2, method: 'randomized' as const, oversample: 5 }]) {
      const r = o.k ?? n;
      const { U, S, V } = await svdBatched(be, at, o);
      expect([U.batch, U.rows, U.cols, V.batch, V.rows, V.cols, S.length]).toEqual([batch, m, r, batch, n, r, batch * r]);
      const [u, v] = [await be.read(U), await be.read(V)];
      for (let z = 0; z < batch; z++) {
        const item = data.subarray(z * m * n, (z + 1) * m * n);
        expect(worstRelativeError(S.subarray(z * r, (z + 1) * r), referenceSigma(item, m, n), r)).toBeLessThan(1e-10);
        expect(orthogonalityError(u, m, r, z)).toBeLessThan(1e-12);
        expect(orthogonalityError(v, n, r, z)).toBeLessThan(1e-12);
        if (r === n) expect(svdResidual(data, u, S, v, m, n, r, z)).toBeLessThan(1e-12);
      }
      be.dispose(U);
      be.dispose(V);
    }
    be.dispose(at);
    expect(be.liveTensors()).toBe(start);
  });
});

describe('svd errors', () => {
  const held: Tensor[] = [];
  const up = (data: number[], rows: number, cols: number, batch = 1) => {
    const t = be.upload(data, { batch, rows, cols });
    held.push(t);
    return t;
  };

  it('rejects non-finite input, a bad k, a batch and an empty matrix with clear messages', async () => {
    const start = be.liveTensors();
    await expect(svd(be, up([1, NaN, 3, 4], 2, 2))).rejects.toThrow(/svd: input has 1 non-finite entries/);
    await expect(svd(be, up([1, Infinity, 3, -Infinity], 2, 2))).rejects.toThrow(/non-finite/);
    await expect(svd(be, up([1, 2, 3, 4, 5, 6], 2, 3), { k: 3 })).rejects.toThrow(/k must be an integer in \[1, 2\]/);
    await expect(svd(be, up([1, 2, 3, 4], 1, 2, 2))).rejects.toThrow(/use svdBatched/);
    await expect(svd(be, up([], 0, 3))).rejects.toThrow(/empty/);
    for (const t of held.splice(0)) be.dispose(t);
    expect(be.liveTensors()).toBe(start);
  });
});

describe('jacobi_svd cpu row loops', () => {
  it('the WebAssembly SIMD loops and the plain JS loops give the same numbers', async () => {
    const { overrideJacobiRowKernels, jacobiRowKernelsInUse } = await import('./jacobiKernels');
    const a = withSingularValues(new Rng(404), 41, 29, gradedSpectrum(29, 3, 1e-3));
    const run = async () => {
      const t = be.upload(a, { rows: 41, cols: 29 });
      const { U, S, V } = await svd(be, t, { method: 'jacobi' });
      const out = { S, u: await be.read(U), v: await be.read(V) };
      [t, U, V].forEach((x) => be.dispose(x));
      return out;
    };
    try {
      overrideJacobiRowKernels('js');
      expect(jacobiRowKernelsInUse()).toBe('js');
      const js = await run();
      overrideJacobiRowKernels(null);
      const auto = await run();
      expect(Array.from(auto.S)).toEqual(Array.from(js.S));
      expect(Array.from(auto.u)).toEqual(Array.from(js.u));
      expect(Array.from(auto.v)).toEqual(Array.from(js.v));
    } finally {
      overrideJacobiRowKernels(null);
    }
  });
});
