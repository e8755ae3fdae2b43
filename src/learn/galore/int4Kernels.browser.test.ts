// int4_quantize.wgsl on WebGPU against its float64 twin (quantizeInt4), on awkward shapes, plus the Q-GaLore projector on the device.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, webgpuBackend } from '../../testing/gpuBackendForTests';
import { dequantizeInt4, quantizeInt4 } from './int4';
import { disposeInt4, quantizeInt4OnBackend } from './int4Kernels';
import { GaloreProjector } from './galoreProjector';

let gpu: WebGpuBackend | null = null;
const cpu = cpuBackend();

beforeAll(async () => {
  gpu = await webgpuBackend();
});

const itGpu = (name: string, fn: () => Promise<void>) =>
  it(name, async () => {
    if (!gpu) return; // webgpuBackend() already failed the run when REQUIRE_WEBGPU=1
    const before = gpu.liveTensors();
    await fn();
    expect(gpu.liveTensors(), 'webgpu tensors leaked').toBe(before);
  });

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

type Stats = { excused: number; codeMismatches: number; worstRatio: number };

/**
 * Quantizes on both backends and checks: same shapes; scales within 1e-6 relative; zeros, codes and levels (code − zero)
 * equal except at f32 ties; codes integers in 0..15; |w − w̃| ≤ scale/2 + f32 slack on webgpu; w̃ agrees where codes do.
 * Collects every failure (index and both values) and asserts once, so large cases stay fast.
 */
async function check(rows: number, cols: number, groupSize: number, w: Float64Array, label: string): Promise<Stats> {
  const g = gpu!;
  const tg = g.upload(w, { rows, cols });
  const tc = cpu.upload(w, { rows, cols });
  const qg = quantizeInt4OnBackend(g, tg, groupSize);
  const qc = quantizeInt4OnBackend(cpu, tc, groupSize);
  const groups = (rows * cols) / groupSize;
  for (const [a, b] of [[qg.codes, qc.codes], [qg.scales, qc.scales], [qg.zeros, qc.zeros], [qg.dequantized, qc.dequantized]]) {
    expect([a.batch, a.rows, a.cols], label).toEqual([b.batch, b.rows, b.cols]);
  }
  expect([qg.scales.rows, qg.codes.rows, qg.codes.cols], label).toEqual([groups, rows, cols]);
  const [codesG, scalesG, zerosG, deqG] = await Promise.all([qg.codes, qg.scales, qg.zeros, qg.dequantized].map((t) => g.read(t)));
  const [codesC, scalesC, zerosC, deqC] = await Promise.all([qc.codes, qc.scales, qc.zeros, qc.dequantized].map((t) => cpu.read(t)));
  disposeInt4(g, qg);
  disposeInt4(cpu, qc);
  g.dispose(tg);
  cpu.dispose(tc);

  const failures: string[] = [];
  const fail = (message: string) => failures.length < 10 && failures.push(message);
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

describe('int4_quantize: codes, scales, zeros and w̃ against the float64 twin', () => {
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
    expect([...(await gpu!.read(q.codes))]).toEqual([0, 3, 15, 6]);
    expect([...(await gpu!.read(q.codes))]).toEqual([...quantizeInt4(w, 4).codes]);
    disposeInt4(gpu!, q);
    gpu!.dispose(t);
  });

  itGpu('bad group sizes throw a RangeError before any dispatch', async () => {
    const t = gpu!.upload([1, 2, 3, 4, 5, 6], { rows: 2, cols: 3 });
    expect(() => quantizeInt4OnBackend(gpu!, t, 4)).toThrow(/2×3 \(6 entries\) does not split into groups of 4/);
    expect(() => quantizeInt4OnBackend(gpu!, t, 1.5)).toThrow(RangeError);
    gpu!.dispose(t);
  });
});

describe('Q-GaLore projector on webgpu: quantizes on the device, no read-back of P', () => {
  for (const [m, n, quant] of [[40, 23, 'row'], [23, 40, 'row'], [40, 23, 'tensor']] as const) {
    itGpu(`${m}×${n} gradient, per ${quant}`, async () => {
      const g = gpu!;
      const G = g.upload(new Rng(m + n).normals(m * n).map(Math.fround), { rows: m, cols: n });
      const options = { rank: 3, gap: 1, rule: 'svd', svdMethod: 'jacobi' } as const;
      const exact = new GaloreProjector(g, m, n, options);
      const quantized = new GaloreProjector(g, m, n, { ...options, quant });
      const r0 = g.readbacks;
      await exact.refresh(G, 1);
      const r1 = g.readbacks;
      await quantized.refresh(G, 1);
      const r2 = g.readbacks;
      expect(r2 - r1, 'readbacks of the quantized refresh beyond the plain SVD').toBe(r1 - r0);
      const P = await g.read(exact.P!);
      const Pq = await g.read(quantized.P!);
      expect([quantized.P!.rows, quantized.P!.cols]).toEqual([exact.P!.rows, exact.P!.cols]);
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
      expect(quantized.stateBytes()).toBe(Math.ceil((rows * r) / 2) + 8 * (quant === 'tensor' ? 1 : right ? r : rows));
      exact.dispose();
      quantized.dispose();
      g.dispose(G);
    });
  }
});
