// int4_quantize.wgsl (packed codes) and int4_dequantize.wgsl on WebGPU against their float64 twins, on awkward shapes, plus the Q-GaLore projector on the device.
import { beforeAll, describe, expect } from 'vitest';
import type { Tensor } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { dequantizeInt4, dequantizePackedInt4, int4Words, packInt4, quantizeInt4, unpackInt4 } from './int4';
import { dequantizeInt4OnBackend, disposeInt4, int4TensorBytes, quantizeInt4OnBackend, type Int4Tensors } from './int4Kernels';
import { GaloreProjector } from './galoreProjector';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = gpuIt(() => gpu, { checkLeaks: true });

type Kind = 'mixed' | 'sameSign' | 'constant';

/** rows×cols float32-exact test values: normals, rows of one sign (alternating), or constant rows (one of them 0). */
function values(rows: number, cols: number, kind: Kind, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = i % 4 === 1 ? 0 : rng.normal();
    for (let j = 0; j < cols; j++) {
      const w = kind === 'mixed' ? rng.normal() : kind === 'constant' ? c : i % 2 === 0 ? 0.2 + 0.1 * rng.uniform() : -0.5 - rng.uniform();
      out[i * cols + j] = Math.fround(w);
    }
  }
  return out;
}

/** Whether x is so close to a .5 tie that f32 arithmetic (scale and quotient a few ulps off) may round it the other way. */
const nearTie = (x: number) => Math.abs(x - Math.floor(x) - 0.5) <= 1e-6 + 1e-6 * Math.abs(x);

/**
 * Every nibble of the packed words (8 per word, spare ones of the last word included) read through the dequantize
 * kernel with scale 1 and zero point 0 (one group over 8·words entries): the codes as exact small floats, without
 * reading the raw u32 bits as numbers.
 */
async function nibbles(be: WebGpuBackend, q: Int4Tensors): Promise<Float64Array> {
  const words = q.packed.rows * q.packed.cols * q.packed.batch;
  if (words === 0) return new Float64Array(0);
  const t = be.tidy(() => dequantizeInt4OnBackend(be, {
    packed: q.packed, scales: be.fill({ rows: 1, cols: 1 }, 1), zeros: be.fill({ rows: 1, cols: 1 }, 0), shape: { batch: 1, rows: 1, cols: 8 * words }, groupSize: 8 * words,
  }));
  try {
    return await be.read(t);
  } finally {
    be.dispose(t);
  }
}

/** A webgpu copy of host-packed words with their raw bits intact: a Float32Array view of the u32s is uploaded byte for byte. */
function uploadWords(be: WebGpuBackend, words: Uint32Array): Tensor {
  return be.upload(new Float32Array(words.buffer, words.byteOffset, words.length), { rows: words.length, cols: 1 });
}

type Stats = { excused: number; codeMismatches: number; worstRatio: number };

/**
 * Quantizes and packs on both backends, dequantizes the packed form, and checks: same shapes (⌈n/8⌉ words, one scale
 * and zero per group); scales within 1e-6 relative; zeros, codes and levels (code − zero) equal except at f32 ties;
 * codes integers in 0..15 and the last word's spare nibbles 0 on webgpu; |w − w̃| ≤ scale/2 + f32 slack on webgpu;
 * webgpu's w̃ equals, bit for bit, the float64 twin dequantizePackedInt4 (rounded to f32) of the same words, scales and
 * zeros; the webgpu dequantizer reads cpu-packed words as the cpu twin does (same layout, exact).
 * Collects every failure (index and both values) and asserts once, so large cases stay fast.
 */
async function check(rows: number, cols: number, groupSize: number, w: Float64Array, label: string): Promise<Stats> {
  const g = gpu!;
  const n = rows * cols;
  const words = int4Words(n);
  const tg = g.upload(w, { rows, cols });
  const tc = cpu.upload(w, { rows, cols });
  const qg = quantizeInt4OnBackend(g, tg, groupSize);
  const qc = quantizeInt4OnBackend(cpu, tc, groupSize);
  const groups = n / groupSize;
  for (const [a, b] of [[qg.packed, qc.packed], [qg.scales, qc.scales], [qg.zeros, qc.zeros]]) {
    expect([a.batch, a.rows, a.cols], label).toEqual([b.batch, b.rows, b.cols]);
  }
  expect([qg.packed.rows, qg.scales.rows, qg.zeros.rows], label).toEqual([words, groups, groups]);
  expect(int4TensorBytes(qg), label).toBe(4 * words + 8 * groups);
  const dg = dequantizeInt4OnBackend(g, qg);
  const dc = dequantizeInt4OnBackend(cpu, qc);
  expect([dg.batch, dg.rows, dg.cols], label).toEqual([1, rows, cols]);
  const allNibbles = await nibbles(g, qg);
  const [scalesG, zerosG, deqG] = await Promise.all([qg.scales, qg.zeros, dg].map((t) => g.read(t)));
  const [wordsC, scalesC, zerosC, deqC] = await Promise.all([qc.packed, qc.scales, qc.zeros, dc].map((t) => cpu.read(t)));
  const codesC = unpackInt4(wordsC, n);
  const codesG = allNibbles.subarray(0, n);
  // the webgpu dequantizer on the cpu's packed words (raw bits uploaded) and the webgpu scales and zeros
  const cpuWordsOnGpu = uploadWords(g, Uint32Array.from(wordsC));
  const dx = dequantizeInt4OnBackend(g, { ...qg, packed: cpuWordsOnGpu });
  const deqX = await g.read(dx);
  for (const t of [dg, dx, cpuWordsOnGpu]) g.dispose(t);
  cpu.dispose(dc);
  disposeInt4(g, qg);
  disposeInt4(cpu, qc);
  g.dispose(tg);
  cpu.dispose(tc);

  const failures: string[] = [];
  const fail = (message: string) => failures.length < 10 && failures.push(message);
  for (let i = n; i < 8 * words; i++) if (allNibbles[i] !== 0) fail(`spare nibble ${i} of the last word is ${allNibbles[i]}, not 0`);
  // the float64 twin on webgpu's own codes (packed on the host), scales and zeros, rounded once to f32: must be exact
  const twinG = dequantizePackedInt4(packInt4(codesG.map((c) => (Number.isInteger(c) && c >= 0 && c <= 15 ? c : 0))), scalesG, zerosG, groupSize, n);
  // and on the cpu's packed words: what the webgpu dequantizer gave for those words
  const twinC = dequantizePackedInt4(wordsC, scalesG, zerosG, groupSize, n);
  const stats: Stats = { excused: 0, codeMismatches: 0, worstRatio: 0 };
  for (let k = 0; k < groups; k++) {
    const sc = scalesC[k];
    const sg = scalesG[k];
    if (!(Math.abs(sg - sc) <= 1e-6 * sc)) fail(`scale of group ${k}: webgpu ${sg}, cpu ${sc}`);
    let lo = Infinity;
    for (let i = k * groupSize; i < (k + 1) * groupSize; i++) lo = Math.min(lo, w[i]);
    const zeroTie = nearTie(lo / sc);
    // + 0 turns −0 into 0: WGSL's −floor(…) may give −0 where the cpu's Int32Array holds 0
    if (!zeroTie && zerosG[k] + 0 !== zerosC[k] + 0) fail(`zero of group ${k} (min/scale = ${lo / sc}): webgpu ${zerosG[k]}, cpu ${zerosC[k]}`);
    for (let i = k * groupSize; i < (k + 1) * groupSize; i++) {
      const where = `entry ${i} (w = ${w[i]}, w/scale = ${w[i] / sc}, group ${k})`;
      const code = codesG[i];
      if (!(Number.isInteger(code) && code >= 0 && code <= 15)) fail(`${where}: code ${code} is not in 0..15`);
      if (code !== codesC[i]) stats.codeMismatches++;
      const tie = nearTie(w[i] / sc);
      if (tie || zeroTie) stats.excused++;
      if (!tie) {
        if (code - zerosG[k] !== codesC[i] - zerosC[k]) fail(`${where}: level, webgpu ${code} − ${zerosG[k]}, cpu ${codesC[i]} − ${zerosC[k]}`);
        else if (!zeroTie && code !== codesC[i]) fail(`${where}: code, webgpu ${code}, cpu ${codesC[i]}`);
      }
      if (deqG[i] !== Math.fround(twinG[i])) fail(`${where}: w̃ webgpu ${deqG[i]}, float64 twin on the same codes ${Math.fround(twinG[i])}`);
      if (deqX[i] !== Math.fround(twinC[i])) fail(`${where}: cpu-packed words, w̃ webgpu ${deqX[i]}, float64 twin ${Math.fround(twinC[i])}`);
      const level = Math.abs(code - zerosG[k]);
      const slack = 4 * 2 ** -23 * (Math.abs(w[i]) + sg * level);
      const error = Math.abs(w[i] - deqG[i]);
      stats.worstRatio = Math.max(stats.worstRatio, error / (sg / 2));
      if (!(error <= sg / 2 + slack)) fail(`${where}: |w − w̃| = ${error} with w̃ = ${deqG[i]}, over scale/2 = ${sg / 2} + ${slack}`);
      if (code === codesC[i] && zerosG[k] === zerosC[k] && !(Math.abs(deqG[i] - deqC[i]) <= 2e-6 * sc * level + 1e-30)) {
        fail(`${where}: w̃ webgpu ${deqG[i]}, cpu ${deqC[i]}`);
      }
    }
  }
  expect(failures, `${label}:\n${failures.join('\n')}`).toEqual([]);
  console.log(`${label}: ${stats.codeMismatches} codes differ, ${stats.excused} entries excused as ties, max |w − w̃|/(scale/2) = ${stats.worstRatio.toFixed(7)}`);
  return stats;
}

describe('int4_quantize + int4_dequantize: packed codes, scales, zeros and w̃ against the float64 twins', () => {
  const shapes: [number, number][] = [[1, 1], [1, 17], [13, 7], [64, 33], [256, 3]];
  for (const [rows, cols] of shapes) for (const kind of ['mixed', 'sameSign', 'constant'] as Kind[]) {
    for (const groups of ['row', 'tensor'] as const) {
      itGpu(`${rows}×${cols}, ${kind}, per ${groups}`, async () => {
        const w = values(rows, cols, kind, rows * 1000 + cols);
        const { excused, codeMismatches } = await check(rows, cols, groups === 'row' ? cols : rows * cols, w, `${rows}×${cols} ${kind} per ${groups}`);
        expect(excused, 'ties excused').toBeLessThanOrEqual(kind === 'constant' ? rows * cols : 2);
        expect(codeMismatches, 'codes that differ').toBeLessThanOrEqual(kind === 'constant' ? 0 : 2);
      });
    }
  }

  // groups that are not multiples of 8 entries (a word holds codes of two groups), totals that are not either
  for (const [rows, cols, groupSize] of [[1, 17, 1], [13, 7, 13], [13, 7, 1], [64, 33, 3], [64, 33, 6], [64, 33, 11], [64, 33, 96], [5, 9, 15]] as const) {
    itGpu(`${rows}×${cols} in groups of ${groupSize}, mixed`, async () => {
      const w = values(rows, cols, 'mixed', 7 * rows + groupSize);
      const { excused, codeMismatches } = await check(rows, cols, groupSize, w, `${rows}×${cols} groups of ${groupSize}`);
      // one-entry groups are constant: zero points near ±1e5 whose tie test is loose, but every code is 0 on both sides
      expect(excused, 'ties excused').toBeLessThanOrEqual(groupSize === 1 ? rows * cols : 2);
      expect(codeMismatches, 'codes that differ').toBeLessThanOrEqual(groupSize === 1 ? 0 : 2);
    });
  }

  itGpu('7×10007: one entry per group (70049 groups, a 2-D grid) and one group of 70049 entries', async () => {
    const w = values(7, 10007, 'mixed', 5);
    expect((await check(7, 10007, 1, w, '7×10007 per entry')).codeMismatches).toBe(0);
    const { excused, codeMismatches } = await check(7, 10007, 7 * 10007, w, '7×10007 per tensor');
    expect(excused, 'ties excused').toBeLessThanOrEqual(5);
    expect(codeMismatches, 'codes that differ').toBeLessThanOrEqual(5);
  });

  itGpu('exact ties round half up on webgpu too (WGSL round() would round half to even)', async () => {
    // scale 1/8, min/scale = −2.5 → zero 2; w/scale = 0.5, 12.5, 3.5 → codes 3, 15, 6
    const w = [-0.3125, 0.0625, 1.5625, 0.4375];
    const t = gpu!.upload(w, { rows: 1, cols: 4 });
    const q = quantizeInt4OnBackend(gpu!, t, 4);
    expect([...(await gpu!.read(q.scales))]).toEqual([0.125]);
    expect([...(await gpu!.read(q.zeros))]).toEqual([2]);
    // one word: the four codes, then four spare nibbles of 0
    expect([...(await nibbles(gpu!, q))]).toEqual([0, 3, 15, 6, 0, 0, 0, 0]);
    expect([...(await nibbles(gpu!, q))].slice(0, 4)).toEqual([...quantizeInt4(w, 4).codes]);
    const d = dequantizeInt4OnBackend(gpu!, q);
    expect([...(await gpu!.read(d))]).toEqual([-0.25, 0.125, 1.625, 0.5]);
    gpu!.dispose(d);
    disposeInt4(gpu!, q);
    gpu!.dispose(t);
  });

  itGpu('the dequantizer reads host-packed words (packInt4 layout): codes 0..15 in every nibble position, a partial last word', async () => {
    // 37 codes: four full words and one with 5 codes; one group of 37, then 37 groups of 1 (eight groups per word)
    const n = 37;
    const codes = Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 16);
    const words = packInt4(codes);
    for (const groupSize of [37, 1]) {
      const groups = n / groupSize;
      const scales = Float64Array.from({ length: groups }, (_, k) => Math.fround(0.25 + k / 64));
      const zeros = Float64Array.from({ length: groups }, (_, k) => (k % 5) - 2);
      const q: Int4Tensors = {
        packed: uploadWords(gpu!, words), scales: gpu!.upload(scales, { rows: groups, cols: 1 }), zeros: gpu!.upload(zeros, { rows: groups, cols: 1 }),
        shape: { batch: 1, rows: 1, cols: n }, groupSize,
      };
      const d = dequantizeInt4OnBackend(gpu!, q);
      const got = await gpu!.read(d);
      const want = dequantizePackedInt4(words, scales, zeros, groupSize, n);
      expect([...got], `groups of ${groupSize}`).toEqual([...want].map(Math.fround));
      expect([...(await nibbles(gpu!, q))]).toEqual([...codes, 0, 0, 0]);
      gpu!.dispose(d);
      disposeInt4(gpu!, q);
    }
  });

  itGpu('bad group sizes throw a RangeError before any dispatch', async () => {
    const t = gpu!.upload([1, 2, 3, 4, 5, 6], { rows: 2, cols: 3 });
    expect(() => quantizeInt4OnBackend(gpu!, t, 4)).toThrow(/2×3 \(6 entries\) does not split into groups of 4/);
    expect(() => quantizeInt4OnBackend(gpu!, t, 1.5)).toThrow(RangeError);
    const q = quantizeInt4OnBackend(gpu!, t, 3);
    expect(() => dequantizeInt4OnBackend(gpu!, { ...q, groupSize: 6 })).toThrow(/6 entries in groups of 6 need 1 words, 1 scales and 1 zeros; got 1, 2 and 2/);
    expect(() => dequantizeInt4OnBackend(gpu!, { ...q, shape: { batch: 1, rows: 3, cols: 3 } })).toThrow(RangeError);
    disposeInt4(gpu!, q);
    gpu!.dispose(t);
  });
});

describe('Q-GaLore projector on webgpu: keeps only packed codes, scales and zeros; no read-back of P', () => {
  for (const [m, n, quant] of [[40, 23, 'row'], [23, 40, 'row'], [40, 23, 'tensor']] as const) {
    itGpu(`${m}×${n} gradient, per ${quant}`, async () => {
      const g = gpu!;
      const G = g.upload(new Rng(m + n).normals(m * n).map(Math.fround), { rows: m, cols: n });
      const options = { rank: 3, gap: 1, rule: 'svd', svdMethod: 'jacobi' } as const;
      const exact = new GaloreProjector(g, m, n, options);
      const quantized = new GaloreProjector(g, m, n, { ...options, quant });
      const r0 = g.readbacks;
      const live0 = g.liveTensors();
      await exact.refresh(G, 1);
      const r1 = g.readbacks;
      const live1 = g.liveTensors();
      await quantized.refresh(G, 1);
      const r2 = g.readbacks;
      expect(r2 - r1, 'readbacks of the quantized refresh beyond the plain SVD').toBe(r1 - r0);
      // kept on the device: P (exact); packed words, scales, zeros and the 1×1 error diagnostic (int4), no f32 P̃
      expect([live1 - live0, g.liveTensors() - live1]).toEqual([1, 4]);
      const P = await g.read(exact.P!);
      const live2 = g.liveTensors();
      const PqT = g.tidy(() => quantized.P!);
      expect(g.liveTensors() - live2, 'P̃ read inside tidy: only the returned tensor survives').toBe(1);
      const Pq = await g.read(PqT);
      expect([PqT.rows, PqT.cols]).toEqual([exact.P!.rows, exact.P!.cols]);
      g.dispose(PqT);
      // the same SVD on the same device: P̃ must be the host quantization of P (official layout) up to f32 ties
      const rows = exact.P!.rows;
      const r = exact.P!.cols;
      const right = quantized.side === 'right';
      const layout = right ? Float64Array.from({ length: rows * r }, (_, k) => P[(k % rows) * r + Math.floor(k / rows)]) : P;
      const groupSize = quant === 'tensor' ? rows * r : right ? rows : r;
      const host = quantizeInt4(layout, groupSize);
      const deq = dequantizeInt4(host);
      let worst = 0;
      for (let k = 0; k < rows * r; k++) {
        const at = right ? (k % r) * rows + Math.floor(k / r) : k;
        const scale = host.scales[Math.floor(at / groupSize)];
        if (!nearTie(layout[at] / scale)) worst = Math.max(worst, Math.abs(Pq[k] - deq[at]) / scale);
        expect(Math.abs(Pq[k] - P[k]), `entry ${k}`).toBeLessThanOrEqual(scale / 2 + 1e-6 * scale + 4e-7);
      }
      expect(worst, 'P̃ vs the host quantization, in units of scale').toBeLessThanOrEqual(1e-5);
      const ratio = await quantized.quantErrorRatio();
      expect(ratio).toBeGreaterThan(0.05);
      expect(ratio).toBeLessThanOrEqual(1 + 1e-5);
      const groups = quant === 'tensor' ? 1 : right ? r : rows;
      const kept = quantized.quantized!;
      expect([kept.packed.rows, kept.scales.rows, kept.zeros.rows]).toEqual([Math.ceil((rows * r) / 8), groups, groups]);
      expect(quantized.stateBytes()).toBe(4 * Math.ceil((rows * r) / 8) + 8 * groups);
      expect(quantized.stateBytes()).toBe(int4TensorBytes(kept));
      exact.dispose();
      quantized.dispose();
      g.dispose(G);
    });
  }
});
