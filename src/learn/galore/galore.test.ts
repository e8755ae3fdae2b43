// GaLore-family checks on the float64 backend: DCT orthonormality, int4 error bound and packing, full rank ⇒ Adam, Fira = GaLore at full rank.
import { describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../../engine/backend';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { Mlp } from '../mlp';
import { dctBasis, topIndices } from './dctBasis';
import { dequantizeInt4, dequantizePackedInt4, int4Bytes, int4Words, packInt4, quantizeInt4, roundHalfUp, unpackInt4 } from './int4';
import { dequantizeInt4OnBackend, disposeInt4, int4TensorBytes, quantizeInt4OnBackend } from './int4Kernels';
import { FullAdam, LowRankAdam, type LowRankAdamConfig, type SubspaceOptimizer } from './lowRankAdam';
import { GaloreProjector } from './galoreProjector';

/** Trains `opt` on fixed random data for `steps` full-batch steps; returns the loss per step and the final weights. */
async function train(be: Backend, make: (mlp: Mlp) => SubspaceOptimizer, steps: number, sizes = [12, 9, 5]) {
  const mlp = new Mlp(sizes);
  const rng = new Rng(7);
  const weights = mlp.init(be, rng);
  const X = be.keep(be.upload(rng.normals(40 * sizes[0]), { rows: 40, cols: sizes[0] }));
  const y = be.keep(be.upload(Array.from({ length: 40 }, (_, i) => i % sizes[sizes.length - 1]), { rows: 40, cols: 1 }));
  const opt = make(mlp);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const { grads, loss } = be.tidy(() => {
      const r = mlp.lossAndGrads(be, weights, X, y);
      return { grads: r.grads, loss: be.reduce('sum', r.rowStats, 'perCol') };
    });
    losses.push((await be.read(loss))[0] / 40);
    be.dispose(loss);
    if (opt.needsRefresh()) await opt.refresh(grads);
    be.tidy(() => opt.step(weights, grads, true));
    for (const g of grads) be.dispose(g);
  }
  const final = await Promise.all(weights.map((w) => be.read(w)));
  const svds = opt.svdCount();
  opt.dispose();
  for (const t of [...weights, X, y] as Tensor[]) be.dispose(t);
  return { losses, final, svds };
}

const maxDiff = (a: Float64Array[], b: Float64Array[]) => Math.max(...a.map((w, i) => Math.max(...w.map((x, j) => Math.abs(x - b[i][j])))));
const base: Omit<LowRankAdamConfig, 'variant'> = { lr: 0.01, rank: 3, gap: 5, scale: 1 };

describe('GaLore family', () => {
  it('the DCT-II basis is orthonormal (QᵀQ = I)', () => {
    for (const n of [1, 2, 7, 64, 130]) {
      const q = dctBasis(n);
      let worst = 0;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * n + a] * q[i * n + b];
        worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
      }
      expect(worst, `n = ${n}`).toBeLessThan(1e-12);
    }
    expect(topIndices([0.1, 5, 3, 5, -1], 3)).toEqual([1, 2, 3]);
  });

  it('int4: every code in 0..15 and |w − dequant(w)| ≤ scale/2, per row and per tensor, same-sign rows included', () => {
    const rng = new Rng(3);
    const rows = 9;
    const cols = 17;
    const w = Float64Array.from({ length: rows * cols }, (_, i) => (i < cols ? 0.2 + 0.1 * rng.uniform() : rng.normal()));
    for (const groupSize of [cols, rows * cols]) {
      const q = quantizeInt4(w, groupSize);
      const d = dequantizeInt4(q);
      let worst = 0;
      w.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - d[i]) / (q.scales[Math.floor(i / groupSize)] / 2))));
      expect(worst).toBeLessThanOrEqual(1 + 1e-9);
      expect(Math.max(...q.codes)).toBeLessThanOrEqual(15);
      expect(int4Bytes(q)).toBe(4 * Math.ceil((rows * cols) / 8) + 8 * q.scales.length);
    }
  });

  it('int4 rounds halves up (as the WGSL kernel does): ties, constant groups and the documented formulas', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999, -2.5001].map(roundHalfUp)).toEqual([-2, -1, 0, 1, 2, 3, 2, -3]);
    // a group at exact ties (all binary fractions): range 1.875 → scale 1/8, min −0.3125 → zero = −roundHalfUp(−2.5) = 2;
    // w/scale = 0.5, 12.5, 3.5 round up to 1, 13, 4 (round-half-to-even would give 0, 12, 4)
    const q = quantizeInt4([-0.3125, 0.0625, 1.5625, 0.4375], 4);
    expect(q.scales[0]).toBe(0.125);
    expect(q.zeros[0]).toBe(2);
    expect([...q.codes]).toEqual([0, 3, 15, 6]);
    // constant groups: range floored at 1e-5, so scale = 1e-5/15 and every code is 0 with w̃ within scale/2 of w
    const c = quantizeInt4([0.3, 0.3, 0.3, -2, -2, -2, 0, 0, 0], 3);
    expect([...c.codes]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...c.zeros]).toEqual([-roundHalfUp(0.3 / (1e-5 / 15)), -roundHalfUp(-2 / (1e-5 / 15)), 0]);
    dequantizeInt4(c).forEach((x, i) => expect(Math.abs(x - [0.3, -2, 0][Math.floor(i / 3)])).toBeLessThanOrEqual(1e-5 / 30));
    expect(() => quantizeInt4([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => quantizeInt4([1, NaN], 2)).toThrow(RangeError);
  });

  it('int4 packing: eight codes per 32-bit word, low nibble first; unpack and packed dequantization invert it', () => {
    // codes 1..8 → 0x87654321; 15 in the top nibble must stay an unsigned word; a 9th code opens a second word
    expect([...packInt4([1, 2, 3, 4, 5, 6, 7, 8])]).toEqual([0x87654321]);
    expect([...packInt4([0, 0, 0, 0, 0, 0, 0, 15, 9])]).toEqual([0xf0000000, 9]);
    expect([...packInt4([])]).toEqual([]);
    const rng = new Rng(13);
    for (const n of [0, 1, 7, 8, 9, 17, 91, 64 * 33]) {
      const codes = Uint8Array.from({ length: n }, () => Math.floor(16 * rng.uniform()));
      const words = packInt4(codes);
      expect(words.length, `n = ${n}`).toBe(int4Words(n));
      expect(words.length, `n = ${n}`).toBe(Math.ceil(n / 8));
      expect([...unpackInt4(words, n)], `n = ${n}`).toEqual([...codes]);
      // the last word's spare nibbles are 0, so the words are a function of the codes alone
      if (n % 8) expect(words[words.length - 1] >>> (4 * (n % 8)), `n = ${n}`).toBe(0);
      // as the cpu backend holds them: u32 values as float64 numbers
      expect([...unpackInt4(Float64Array.from(words), n)]).toEqual([...codes]);
    }
    // w̃ straight from packed words equals dequantizeInt4 of the unpacked matrix, bit for bit, groups not multiples of 8
    for (const [n, groupSize] of [[1, 1], [17, 17], [91, 7], [90, 6], [2112, 33]]) {
      const q = quantizeInt4(rng.normals(n), groupSize);
      const words = packInt4(q.codes);
      expect([...dequantizePackedInt4(words, q.scales, q.zeros, groupSize, n)], `${n}/${groupSize}`).toEqual([...dequantizeInt4(q)]);
      expect(int4Bytes(q)).toBe(4 * words.length + 4 * q.scales.length + 4 * q.zeros.length);
    }
    expect(() => packInt4([16])).toThrow(/code 0 is 16/);
    expect(() => packInt4([1, 2.5])).toThrow(RangeError);
    expect(() => unpackInt4([1, 2], 8)).toThrow(/8 codes need 1 words, got 2/);
    expect(() => dequantizePackedInt4([0], [1], [0], 3, 6)).toThrow(/2 groups need 2 scales and zeros, got 1 and 1/);
    expect(() => dequantizePackedInt4([0], [1], [0], 4, 6)).toThrow(RangeError);
  });

  it('int4 on the cpu backend is quantizeInt4 exactly, packed as tensors; dequantization inverts it; bad shapes throw', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const rng = new Rng(11);
    const w = rng.normals(6 * 5);
    const t = be.upload(w, { rows: 6, cols: 5 });
    for (const groupSize of [5, 30, 1, 3, 10]) {
      const q = quantizeInt4OnBackend(be, t, groupSize);
      const host = quantizeInt4(w, groupSize);
      expect([q.packed.rows, q.packed.cols, q.scales.rows, q.scales.cols, q.zeros.rows]).toEqual([4, 1, 30 / groupSize, 1, 30 / groupSize]);
      expect(q.shape).toEqual({ batch: 1, rows: 6, cols: 5 });
      const words = await be.read(q.packed);
      expect([...words]).toEqual([...packInt4(host.codes)]);
      expect([...unpackInt4(words, 30)]).toEqual([...host.codes]);
      expect([...(await be.read(q.scales))]).toEqual([...host.scales]);
      expect([...(await be.read(q.zeros))]).toEqual([...host.zeros]);
      const d = dequantizeInt4OnBackend(be, q);
      expect([d.batch, d.rows, d.cols]).toEqual([1, 6, 5]);
      expect([...(await be.read(d))]).toEqual([...dequantizeInt4(host)]);
      be.dispose(d);
      expect(int4TensorBytes(q)).toBe(int4Bytes(host));
      expect(int4TensorBytes(q)).toBe(4 * 4 + 8 * (30 / groupSize));
      expect(() => dequantizeInt4OnBackend(be, { ...q, groupSize: 7 })).toThrow(RangeError);
      expect(() => dequantizeInt4OnBackend(be, { ...q, packed: q.scales })).toThrow(/need 4 words/);
      disposeInt4(be, q);
    }
    expect(() => quantizeInt4OnBackend(be, t, 7)).toThrow(/does not split into groups of 7/);
    expect(() => quantizeInt4OnBackend(be, t, 0)).toThrow(RangeError);
    be.dispose(t);
    expect(be.liveTensors()).toBe(before);
  });

  it('rank = full ⇒ GaLore (α = 1) follows Adam’s trajectory; Fira at full rank equals GaLore exactly', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const full = { ...base, rank: 64 };
    const adam = await train(be, (m) => new FullAdam(be, m.weightShapes, { lr: full.lr }), 25);
    const galore = await train(be, (m) => new LowRankAdam(be, m.weightShapes, { ...full, variant: 'galore' }), 25);
    const fira = await train(be, (m) => new LowRankAdam(be, m.weightShapes, { ...full, variant: 'fira' }), 25);
    expect(galore.svds).toBe(0);
    expect(maxDiff(galore.final, adam.final)).toBeLessThan(1e-12);
    galore.losses.forEach((l, i) => expect(Math.abs(l - adam.losses[i])).toBeLessThan(1e-12));
    expect(maxDiff(fira.final, galore.final)).toBe(0);
    expect(adam.losses[24]).toBeLessThan(adam.losses[0] * 0.8);
    expect(be.liveTensors()).toBe(before);
  });

  it('low rank: GaLore differs from Adam, Fira from GaLore; SVDs every T steps; Q-GaLore and DCT train too', async () => {
    const be = new CpuBackend();
    const before = be.liveTensors();
    const adam = await train(be, (m) => new FullAdam(be, m.weightShapes, { lr: base.lr }), 20);
    const runs: Record<string, Awaited<ReturnType<typeof train>>> = {};
    for (const variant of ['galore', 'fira', 'dct', 'qgalore'] as const) {
      runs[variant] = await train(be, (m) => new LowRankAdam(be, m.weightShapes, { ...base, variant, queueSize: 2, cosThreshold: 0 }), 20);
    }
    // 2 projected matrices (9×12 right, 5×9 left at r = 3), refreshed at steps 0, 5, 10, 15
    expect(runs.galore.svds).toBe(8);
    expect(runs.fira.svds).toBe(8);
    expect(runs.dct.svds).toBe(0);
    // threshold 0 and a queue of 2: the gap doubles after the third SVD (steps 0, 5, 10 → then 20), so 3 per matrix
    expect(runs.qgalore.svds).toBe(6);
    expect(maxDiff(runs.galore.final, adam.final)).toBeGreaterThan(1e-4);
    expect(maxDiff(runs.fira.final, runs.galore.final)).toBeGreaterThan(1e-4);
    for (const r of Object.values(runs)) expect(r.losses[19]).toBeLessThan(r.losses[0]);
    expect(be.liveTensors()).toBe(before);
  });

  it('projections: SVD bases are orthonormal, DCT picks the columns the gradient lives in, Q-GaLore stays within scale/2', async () => {
    const be = new CpuBackend();
    const n = 16;
    const q = dctBasis(n);
    // G (20×16) = a·q₃ᵀ + b·q₁₁ᵀ: its rows live in DCT columns 3 and 11
    const rng = new Rng(5);
    const a = rng.normals(20);
    const b = rng.normals(20);
    const G = be.upload(Float64Array.from({ length: 20 * n }, (_, k) => a[Math.floor(k / n)] * q[(k % n) * n + 3] + b[Math.floor(k / n)] * q[(k % n) * n + 11]), { rows: 20, cols: n });
    const dct = new GaloreProjector(be, 20, n, { rank: 2, gap: 1, rule: 'dct', svdMethod: 'auto' });
    const dctBytesBefore = dct.stateBytes();
    const dctLive = be.liveTensors();
    await dct.refresh(G, 1);
    // kept on the device: P (n×r) and the n×n DCT basis it was chosen from, 4 bytes per entry; not 4·r
    expect(be.liveTensors() - dctLive).toBe(2);
    expect([dct.P!.rows, dct.P!.cols]).toEqual([n, 2]);
    expect(dct.stateBytes()).toBe(4 * (n * 2 + n * n));
    expect(dctBytesBefore).toBe(dct.stateBytes());
    const P = await be.read(dct.P!);
    expect(P[3 * 2]).toBeCloseTo(q[3 * n + 3], 14);
    expect(P[3 * 2 + 1]).toBeCloseTo(q[3 * n + 11], 14);
    const svdP = new GaloreProjector(be, 20, n, { rank: 2, gap: 1, rule: 'svd', svdMethod: 'jacobi' });
    await svdP.refresh(G, 1);
    const gram = await be.read(be.tidy(() => be.matmul(svdP.P!, svdP.P!, { transA: true })));
    [1, 0, 0, 1].forEach((e, i) => expect(Math.abs(gram[i] - e)).toBeLessThan(1e-12));
    const quant = new GaloreProjector(be, 20, n, { rank: 2, gap: 1, rule: 'svd', svdMethod: 'jacobi', quant: 'row' });
    const bytesBefore = quant.stateBytes();
    const live0 = be.liveTensors();
    await quant.refresh(G, 1);
    // kept: packed words, scales, zeros (and the 1×1 error diagnostic), no f32 P̃
    expect(be.liveTensors() - live0).toBe(4);
    const ratio = await quant.quantErrorRatio();
    expect(ratio).toBeLessThanOrEqual(1 + 1e-9);
    expect(ratio).toBeGreaterThan(0.05);
    // Vᵀ is 2×16: 32 codes in 4 words, 2 groups (a scale and a zero point each), 4 bytes apiece
    const kept = quant.quantized!;
    expect([kept.packed.rows, kept.scales.rows, kept.zeros.rows]).toEqual([4, 2, 2]);
    expect(quant.stateBytes()).toBe(4 * 4 + 4 * 2 + 4 * 2);
    expect(quant.stateBytes()).toBe(int4TensorBytes(kept));
    expect(bytesBefore).toBe(quant.stateBytes());
    // P̃ is the host quantization of Vᵀ (one group per row of Vᵀ), dequantized and transposed back to n×r
    const exact = await be.read(svdP.P!);
    const vt = Float64Array.from({ length: 2 * n }, (_, k) => exact[(k % n) * 2 + Math.floor(k / n)]);
    const deq = dequantizeInt4(quantizeInt4(vt, n));
    const live1 = be.liveTensors();
    const PqT = be.tidy(() => quant.P!);
    expect(be.liveTensors(), 'P̃ read inside tidy: only the returned tensor survives (Vᵀ dequantized was freed)').toBe(live1 + 1);
    const Pq = await be.read(PqT);
    be.dispose(PqT);
    Pq.forEach((x, k) => expect(x).toBe(deq[(k % 2) * n + Math.floor(k / 2)]));
    // every read dequantizes afresh into a new temporary: the same numbers, a different tensor
    const [p1, p2] = [quant.P!, quant.P!];
    expect(p1).not.toBe(p2);
    expect([...(await be.read(p2))]).toEqual([...(await be.read(p1))]);
    be.dispose(p1);
    be.dispose(p2);
    // wide: U (m×r) per row, and a per-tensor scale; the state counts 4 bytes per word of 8 codes, per scale and per zero point
    const Gt = be.transpose(G);
    for (const [quantMode, groups] of [['row', n], ['tensor', 1]] as const) {
      const wide = new GaloreProjector(be, n, 20, { rank: 2, gap: 1, rule: 'svd', svdMethod: 'jacobi', quant: quantMode });
      await wide.refresh(Gt, 1);
      expect(wide.side).toBe('left');
      const P = wide.P!;
      expect([P.rows, P.cols]).toEqual([n, 2]);
      be.dispose(P);
      expect(await wide.quantErrorRatio()).toBeLessThanOrEqual(1 + 1e-9);
      expect(wide.stateBytes()).toBe(4 * Math.ceil((n * 2) / 8) + 8 * groups);
      expect(wide.stateBytes()).toBe(int4TensorBytes(wide.quantized!));
      wide.dispose();
    }
    be.dispose(Gt);
    for (const p of [dct, svdP, quant]) p.dispose();
    be.dispose(G);
  });
});
