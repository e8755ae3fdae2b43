// ConvNet on the float64 cpu backend: forward vs a direct nested-loop convolution, finite-difference gradients,
// im2col/col2im adjointness, no leaks, and Adam training on the digits.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { loadDigits } from '../data/datasets';
import { nodeSource } from '../data/nodeSource';
import { splitDigits } from './digitsSplit';
import { ConvNet } from './convNet';
import { col2im, col2imIndices, im2col, im2colIndices } from './im2col';
import { centralDifferences, relativeGradientError } from './gradientCheck';
import { DenseParameterization } from './parameterization';
import { createOptimizer } from './optimizers';
import { Trainer, uploadDataset, type TrainReport } from './trainer';

/** Direct 3×3, pad-1 convolution on NHWC host arrays: K (cout, 3, 3, cin) row-major, bias (cout). */
function convReference(X: Float64Array, B: number, H: number, W: number, cin: number, K: Float64Array, bias: Float64Array, cout: number): Float64Array {
  const Y = new Float64Array(B * H * W * cout);
  for (let b = 0; b < B; b++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let co = 0; co < cout; co++) {
    let s = bias[co];
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
      const sy = y + ky - 1;
      const sx = x + kx - 1;
      if (sy < 0 || sy >= H || sx < 0 || sx >= W) continue;
      for (let ci = 0; ci < cin; ci++) s += K[((co * 3 + ky) * 3 + kx) * cin + ci] * X[((b * H + sy) * W + sx) * cin + ci];
    }
    Y[((b * H + y) * W + x) * cout + co] = s;
  }
  return Y;
}

/** The whole network's logits on the host, layer by layer from the reference convolution. */
function logitsReference(x: Float64Array, B: number, H: number, W: number, channels: [number, number], classes: number, w: Float64Array[]): Float64Array {
  const relu = (a: Float64Array) => a.map((v) => Math.max(v, 0));
  const [c1, c2] = channels;
  const h1 = relu(convReference(x, B, H, W, 1, w[0], w[1], c1));
  const h2 = relu(convReference(h1, B, H, W, c1, w[2], w[3], c2));
  const F = H * W * c2;
  const out = new Float64Array(B * classes);
  for (let b = 0; b < B; b++) for (let j = 0; j < classes; j++) {
    let s = w[5][j];
    for (let f = 0; f < F; f++) s += w[4][j * F + f] * h2[b * F + f];
    out[b * classes + j] = s;
  }
  return out;
}

function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) { err = Math.max(err, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return err / Math.max(scale, 1e-300);
}

const labelsFor = (B: number, classes: number) => Float64Array.from({ length: B }, (_, i) => (i * 7 + 3) % classes);

describe('im2col / col2im', () => {
  it('index tables: interior neighbours and zero-row padding', () => {
    const g = { batch: 2, height: 3, width: 4 };
    const n = 24;
    const a = im2colIndices(g);
    // pixel (b=1, y=1, x=2) = row 18; tap k=0 is (y−1, x−1) = row 13, tap 8 is (y+1, x+1) = row 23
    expect(a[18 * 9 + 0]).toBe(13);
    expect(a[18 * 9 + 4]).toBe(18);
    expect(a[18 * 9 + 8]).toBe(23);
    // corner (0, 0, 0): taps 0, 1, 2, 3, 6 are outside → the zero row N
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => a[k])).toEqual([n, n, n, n, 0, 1, n, 4, 5]);
    const c = col2imIndices(g);
    expect(c[4 * n + 18]).toBe(18 * 9 + 4);
    expect(c[0 * n + 13]).toBe(18 * 9 + 0); // pixel 18's tap 0 reads pixel 13
    expect(c[0 * n + 3]).toBe(9 * n); // no pixel's tap 0 (up-left) reads the last column
    expect(() => im2colIndices({ batch: 0, height: 8, width: 8 })).toThrow(RangeError);
  });

  for (const [B, H, W, C] of [[1, 8, 8, 1], [3, 5, 7, 2], [2, 1, 6, 3], [1, 1, 1, 4]]) {
    it(`im2col matches the taps and <im2col(X), D> = <X, col2im(D)> on ${B}×${H}×${W}×${C}`, () => {
      const be = new CpuBackend();
      const g = { batch: B, height: H, width: W };
      const n = B * H * W;
      const rng = new Rng(B * 100 + H * 10 + W + C);
      const X = Float64Array.from(rng.normals(n * C));
      const D = Float64Array.from(rng.normals(n * 9 * C));
      const ia = be.upload(im2colIndices(g), { rows: 1, cols: n * 9 });
      const ic = be.upload(col2imIndices(g), { rows: 1, cols: n * 9 });
      const live = be.liveTensors();
      const cols = be.view(be.keep(im2col(be, be.upload(X, { rows: n, cols: C }), C, ia)));
      const back = be.view(be.keep(col2im(be, be.upload(D, { rows: n, cols: 9 * C }), C, ic)));
      expect(be.liveTensors()).toBe(live + 4); // X, D and the two results: im2col/col2im free their intermediates
      // direct taps
      for (let b = 0; b < B; b++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let k = 0; k < 9; k++) for (let c = 0; c < C; c++) {
        const sy = y + Math.floor(k / 3) - 1;
        const sx = x + (k % 3) - 1;
        const inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
        expect(cols[((b * H + y) * W + x) * 9 * C + k * C + c]).toBe(inside ? X[((b * H + sy) * W + sx) * C + c] : 0);
      }
      let lhs = 0;
      let rhs = 0;
      for (let i = 0; i < cols.length; i++) lhs += cols[i] * D[i];
      for (let i = 0; i < back.length; i++) rhs += X[i] * back[i];
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
      expect(() => im2col(be, be.upload(X, { rows: n, cols: C }), C + 1, ia)).toThrow(RangeError);
      expect(() => col2im(be, be.upload(D, { rows: n, cols: 9 * C }), C + 1, ic)).toThrow(RangeError);
    });
  }
});

describe('ConvNet', () => {
  it('weight shapes, roles and init bounds', () => {
    const net = new ConvNet([3, 5]);
    expect(net.weightShapes).toEqual([
      { rows: 3, cols: 9, role: 'matrix' }, { rows: 1, cols: 3, role: 'bias' },
      { rows: 5, cols: 27, role: 'matrix' }, { rows: 1, cols: 5, role: 'bias' },
      { rows: 10, cols: 320, role: 'matrix' }, { rows: 1, cols: 10, role: 'bias' },
    ]);
    expect(net.parameterCount()).toBe(27 + 3 + 135 + 5 + 3200 + 10);
    const w = net.initialWeights(new Rng(1));
    [9, 9, 27, 27, 320, 320].forEach((fan, i) => {
      const m = Math.max(...w[i].map(Math.abs));
      expect(m).toBeLessThanOrEqual(1 / Math.sqrt(fan));
      if (w[i].length > 20) expect(m).toBeGreaterThan(0.8 / Math.sqrt(fan));
    });
    expect(net.initialWeights(new Rng(1))).toEqual(w);
    expect(() => new ConvNet([0, 2])).toThrow(RangeError);
    const be = new CpuBackend();
    const weights = net.init(be, new Rng(1));
    expect(() => net.forward(be, weights, be.fill({ rows: 2, cols: 63 }, 0))).toThrow(/x must be/);
    expect(() => net.forward(be, weights.slice(1), be.fill({ rows: 2, cols: 64 }, 0))).toThrow(/expected 6 weights/);
  });

  for (const [B, channels] of [[1, [1, 2]], [3, [3, 5]], [7, [2, 4]]] as [number, [number, number]][]) {
    it(`forward equals the nested-loop reference: B=${B}, channels [${channels}]`, () => {
      const be = new CpuBackend();
      const net = new ConvNet(channels);
      const rng = new Rng(B + 10 * channels[1]);
      const w = net.initialWeights(rng).map((a) => a.map((v) => v * 3));
      const x = Float64Array.from(rng.normals(B * 64));
      const weights = net.init(be, rng, w);
      const logits = be.tidy(() => Float64Array.from(be.view(net.forward(be, weights, be.upload(x, { rows: B, cols: 64 })).logits)));
      const ref = logitsReference(x, B, 8, 8, channels, 10, w);
      expect(maxRelativeDiff(logits, ref)).toBeLessThan(1e-12);
      expect(Math.max(...ref.map(Math.abs))).toBeGreaterThan(0.1); // the check is not vacuous
      net.dispose();
      for (const t of weights) be.dispose(t);
      expect(be.liveTensors()).toBe(0);
    });
  }

  it('forward on a non-square image matches the reference too', () => {
    const be = new CpuBackend();
    const net = new ConvNet([2, 3], 4, { height: 5, width: 3 });
    const rng = new Rng(77);
    const w = net.initialWeights(rng);
    const x = Float64Array.from(rng.normals(2 * 15));
    const weights = net.init(be, rng, w);
    const logits = be.tidy(() => Float64Array.from(be.view(net.forward(be, weights, be.upload(x, { rows: 2, cols: 15 })).logits)));
    expect(maxRelativeDiff(logits, logitsReference(x, 2, 5, 3, [2, 3], 4, w))).toBeLessThan(1e-12);
  });

  for (const [B, channels] of [[1, [1, 2]], [3, [3, 5]], [7, [2, 3]]] as [number, [number, number]][]) {
    it(`gradients of every weight match central differences: B=${B}, channels [${channels}]`, () => {
      const be = new CpuBackend();
      const net = new ConvNet(channels);
      const rng = new Rng(1000 + B);
      const weights = net.init(be, rng);
      const x = be.upload(Float64Array.from(rng.normals(B * 64)), { rows: B, cols: 64 });
      const y = be.upload(labelsFor(B, 10), { rows: B, cols: 1 });
      const analytic = be.tidy(() => net.lossAndGrads(be, weights, x, y).grads.map((g) => Float64Array.from(be.view(g))));
      const meanLoss = () => be.tidy(() => {
        const s = be.view(net.rowStats(be, weights, x, y));
        let total = 0;
        for (let i = 0; i < B; i++) total += s[2 * i];
        return total / B;
      });
      const numeric = centralDifferences(be, weights, meanLoss);
      const errors = analytic.map((g, i) => relativeGradientError(g, numeric[i]));
      console.log(`B=${B} [${channels}]: relative gradient errors ${errors.map((e) => e.toExponential(1)).join(', ')}`);
      for (const [i, e] of errors.entries()) expect(e, `weight ${i}: relative error ${e}`).toBeLessThan(1e-6);
      for (const g of analytic) expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-4);
    });
  }

  it('owns only its cached index tables: liveTensors is flat over repeated steps and 0 after dispose', () => {
    const be = new CpuBackend();
    const net = new ConvNet([3, 4]);
    const rng = new Rng(5);
    const weights = net.init(be, rng);
    const x = be.keep(be.upload(Float64Array.from(rng.normals(5 * 64)), { rows: 5, cols: 64 }));
    const y = be.keep(be.upload(labelsFor(5, 10), { rows: 5, cols: 1 }));
    const base = be.liveTensors();
    be.tidy(() => { net.lossAndGrads(be, weights, x, y); });
    expect(be.liveTensors()).toBe(base + 2); // the im2col and col2im tables for B = 5
    for (let i = 0; i < 4; i++) be.tidy(() => { net.lossAndGrads(be, weights, x, y); net.rowStats(be, weights, x, y); });
    expect(be.liveTensors()).toBe(base + 2);
    be.tidy(() => { net.rowStats(be, weights, be.slice(x, 0, 0, 2, 64), be.slice(y, 0, 0, 2, 1)); });
    expect(net.cachedTables()).toBe(2);
    expect(be.liveTensors()).toBe(base + 4);
    net.dispose();
    expect(be.liveTensors()).toBe(base);
    for (const t of [...weights, x, y]) be.dispose(t);
    expect(be.liveTensors()).toBe(0);
  });

  it('trains on the digits with Adam through the Trainer', async () => {
    const be = new CpuBackend();
    const d = splitDigits(await loadDigits(nodeSource), { testFraction: 0.2, seed: 1 });
    const train = uploadDataset(be, d.trainX, d.trainY, 64);
    const test = uploadDataset(be, d.testX, d.testY, 64);
    const net = new ConvNet([4, 8]);
    const param = new DenseParameterization(be, net.init(be, new Rng(2)));
    const opt = createOptimizer(be, { kind: 'adam', lr: 0.01 });
    const trainer = new Trainer(be, net, param, opt, train, { batchSize: 32, seed: 1, reportEvery: 100, test });
    const reports: TrainReport[] = [];
    for await (const r of trainer.run(300)) reports.push(r);
    const last = reports[reports.length - 1];
    console.log(`ConvNet [4, 8]: ${net.parameterCount()} parameters, loss ${reports[0].loss.toFixed(3)} → ${last.loss.toFixed(3)}, test accuracy ${reports.map((r) => r.testAccuracy!.toFixed(3)).join(' → ')}`);
    expect(last.loss).toBeLessThan(reports[0].loss);
    expect(last.testAccuracy!).toBeGreaterThan(0.9);
    for (const x of [trainer, opt, param, train, test, net]) x.dispose();
    expect(be.liveTensors()).toBe(0);
  }, 120_000);
});
