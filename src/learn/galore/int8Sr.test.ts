// Q-GaLore INT8 stochastic rounding on the float64 backend: unbiased, codes in range, deterministic, keeps tiny updates, exact bytes.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { Rng } from '../../data/rng';
import { Mlp } from '../mlp';
import { dequantizePackedInt8, int8Scales, int8Words, nearestInt8, packInt8, quantizeInt8Sr, srUniform, unpackInt8 } from './int8Sr';
import { dequantizeInt8OnBackend, disposeInt8, int8ScalesOnBackend, quantizeInt8SrOnBackend } from './int8Kernels';
import { meanAfterTinyUpdates, meanOfRoundings } from './int8SrChecks';
import { Int8Weights } from './int8Weights';

describe('int8 stochastic rounding (float64)', () => {
  it('is unbiased: the mean of 20,000 roundings lies within 3 standard errors of the value', async () => {
    const be = new CpuBackend();
    for (const x of [3.3, -0.71, 126.02, -127.9]) {
      const r = await meanOfRoundings(be, x * 0.01, 0.01, 5003, 4, 11);
      expect(r.draws).toBeGreaterThanOrEqual(20000);
      expect(r.standardError, `x = ${x}`).toBeGreaterThan(0);
      expect(Math.abs(r.mean - x * 0.01), `x = ${x}`).toBeLessThanOrEqual(3 * r.standardError);
    }
    expect(be.liveTensors()).toBe(0);
  });

  it('the uniforms are uniform: mean 1/2 and variance 1/12 over 10⁵ (seed, step, index) triples', () => {
    let sum = 0;
    let sq = 0;
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const u = srUniform(i % 7, i % 13, i);
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sq += u * u;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(3 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(2e-3);
  });

  it('codes stay in −128…127, each one of the two integers around x (clamped), and pack/unpack round-trips', () => {
    const rng = new Rng(3);
    const n = 1031;
    const values = Float64Array.from(rng.normals(n, 300)); // many far outside ±127·scale
    const codes = quantizeInt8Sr(values, [1.7], n, 5, 9);
    for (let i = 0; i < n; i++) {
      const x = values[i] / 1.7;
      expect(codes[i]).toBeGreaterThanOrEqual(-128);
      expect(codes[i]).toBeLessThanOrEqual(127);
      expect([Math.min(127, Math.max(-128, Math.floor(x))), Math.min(127, Math.max(-128, Math.floor(x) + 1))]).toContain(codes[i]);
    }
    expect(unpackInt8(packInt8(codes), n)).toEqual(codes);
    expect(packInt8([-1, 0, 1, -128, 127]).length).toBe(int8Words(5));
    expect(Array.from(dequantizePackedInt8(packInt8([-128, 127, -1, 5]), [0.5, 2], 2, 4))).toEqual([-64, 63.5, -2, 10]);
  });

  it('is deterministic for the same (seed, step) and changes with either', () => {
    const values = Float64Array.from(new Rng(1).normals(997));
    const scales = int8Scales(values, 997);
    const a = quantizeInt8Sr(values, scales, 997, 42, 7);
    expect(quantizeInt8Sr(values, scales, 997, 42, 7)).toEqual(a);
    const differ = (b: Int8Array) => b.filter((c, i) => c !== a[i]).length;
    expect(differ(quantizeInt8Sr(values, scales, 997, 43, 7))).toBeGreaterThan(100);
    expect(differ(quantizeInt8Sr(values, scales, 997, 42, 8))).toBeGreaterThan(100);
  });

  it('round-to-nearest loses an update of 0.1·scale every step; SR keeps it on average', async () => {
    const be = new CpuBackend();
    const steps = 20;
    expect(Array.from({ length: steps }).reduce<number>((c) => nearestInt8(c + 0.1), 2)).toBe(2);
    const r = await meanAfterTinyUpdates(be, 2, 0.1, 0.01, 4096, steps, 5);
    expect(Math.abs(r.mean - (2 + 0.1 * steps))).toBeLessThanOrEqual(3 * r.standardError);
    expect(r.mean).toBeGreaterThan(3.5);
    expect(be.liveTensors()).toBe(0);
  });

  it('bad input is a clear error, not NaN', () => {
    expect(() => quantizeInt8Sr([1, NaN], [1], 2, 0, 0)).toThrow(RangeError);
    expect(() => quantizeInt8Sr([1, 2], [0], 2, 0, 0)).toThrow(RangeError);
    expect(() => quantizeInt8Sr([1, 2, 3], [1], 2, 0, 0)).toThrow(RangeError);
    expect(() => int8Scales([Infinity], 1)).toThrow(RangeError);
    expect(() => packInt8([128])).toThrow(RangeError);
  });

  it('backend scales match int8Scales, per row and per tensor, and dequantize(quantize(w)) is within one scale', async () => {
    const be = new CpuBackend();
    const values = Float64Array.from(new Rng(2).normals(7 * 13));
    for (const groupSize of [13, 91]) {
      const w = be.upload(values, { rows: 7, cols: 13 });
      const s = int8ScalesOnBackend(be, w, groupSize);
      expect(Array.from(await be.read(s))).toEqual(Array.from(int8Scales(values, groupSize)));
      const q = quantizeInt8SrOnBackend(be, w, s, groupSize, 1, 2);
      const back = await be.read(dequantizeInt8OnBackend(be, q));
      const sc = int8Scales(values, groupSize);
      back.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThan(sc[Math.floor(i / groupSize)]));
      disposeInt8(be, q);
    }
  });

  it('store leaves each matrix at w̃ = scale·SR(w/scale) (within one scale of w), the same for the same seed and step', async () => {
    const be = new CpuBackend();
    const mlp = new Mlp([13, 7, 5]);
    const theta = mlp.initialWeights(new Rng(4));
    const stored: Float64Array[][] = [];
    for (let k = 0; k < 2; k++) {
      const weights = mlp.init(be, new Rng(4), theta);
      const store = new Int8Weights(be, mlp.weightShapes, 'row', 9);
      store.store(weights, 3);
      stored.push(await Promise.all(weights.map((w) => be.read(w))));
      store.dispose();
      weights.forEach((w) => be.dispose(w));
    }
    expect(stored[1]).toEqual(stored[0]);
    mlp.weightShapes.forEach((s, i) => {
      const before = Float64Array.from(theta[i]);
      if (s.role === 'bias') return expect(stored[0][i]).toEqual(before);
      const scales = int8Scales(before, s.cols);
      let moved = 0;
      stored[0][i].forEach((v, j) => {
        const scale = scales[Math.floor(j / s.cols)];
        expect(Math.abs(v - before[j]), `weight ${i} entry ${j}`).toBeLessThan(scale);
        expect(Math.abs(v / scale - Math.round(v / scale))).toBeLessThan(1e-9);
        if (v !== before[j]) moved++;
      });
      expect(moved).toBeGreaterThan(0);
    });
    expect(be.liveTensors()).toBe(0);
  });

  it('the weight-memory figure equals the bytes of the tensors actually kept', () => {
    const be = new CpuBackend();
    const mlp = new Mlp([13, 7, 5]);
    const weights = mlp.init(be, new Rng(4));
    for (const groups of ['row', 'tensor'] as const) {
      const store = new Int8Weights(be, mlp.weightShapes, groups, 9);
      expect(store.bytes()).toBe(4 * mlp.parameterCount());
      store.store(weights, 0);
      // 7×13 and 5×7 matrices: ⌈91/4⌉ + ⌈35/4⌉ words of 4 bytes, 4 bytes per scale; biases 7 + 5 floats
      const scales = groups === 'row' ? 7 + 5 : 2;
      expect(store.bytes()).toBe(4 * (23 + 9) + 4 * scales + 4 * (7 + 5));
      store.dispose();
    }
  });
});
