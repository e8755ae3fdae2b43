// The grassmann page's checks: orthonormal class subspaces after every step, k = 1 is |cosine| softmax, exact gradients.
import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../../data/rng';
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { gatherRows } from '../../learn/gatherKernels';
import { uploadDataset } from '../../learn/trainer';
import { runExperimentForTest } from '../framework/runForTest';
import { orthonormalityError, qrRetract, randomSubspace, smallestAngleCos, tangentProject } from './gcr';
import { createHead, evaluate, lossAndGrads, RiemannianSgd, type GcrHeadOptions } from './gcrHead';
import { disposeHead, headLossAndGrads, readHead, uploadHead } from './deviceHead';
import { DeviceRiemannianSgd } from './deviceRiemannianSgd';
import { trainDeviceHead } from './deviceTraining';

/** Largest |a_i − b_i|. */
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** A small synthetic problem: ReLU-like features with class-dependent means, labels cycling through the classes. */
function problem(n: number, inputs: number, classes: number, seed: number) {
  const rng = new Rng(seed);
  const centers = rng.normals(classes * inputs);
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  const H = Float64Array.from({ length: n * inputs }, (_, j) => Math.max(0, centers[y[Math.floor(j / inputs)] * inputs + (j % inputs)] + 0.7 * rng.normal()));
  return { H, y };
}

describe('grassmann experiment', () => {
  it('quick preset: subspaces stay orthonormal, k = 1 logits are γ|cos|, accuracy is sensible', async () => {
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('grassmann', 'quick');
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.ks).toEqual([1, 2, 4, 8]);
    expect(m.worst_orthonormality as number).toBeLessThan(1e-12);
    expect(m.k1_cosine_gap as number).toBeLessThan(1e-12);
    for (const a of m.accuracy as number[]) expect(a).toBeGreaterThan(0.6);
    expect((m.angles_k4 as number[][]).length).toBe(10);
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['accuracy', 'variability', 'angles']);
  }, 60_000);

  it('QR retraction is orthonormal and spans the same space; tangent vectors are orthogonal to S', () => {
    const rng = new Rng(5);
    const s = randomSubspace(9, 4, rng);
    expect(orthonormalityError(s)).toBeLessThan(1e-14);
    expect(qrRetract(s.data, 9, 4).every((v, i) => Math.abs(v - s.data[i]) < 1e-14)).toBe(true);
    const pi = tangentProject(s, Float64Array.from(rng.normals(36)));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let r = 0; r < 9; r++) dot += s.data[r * 4 + i] * pi[r * 4 + j];
      expect(Math.abs(dot)).toBeLessThan(1e-14);
    }
    expect(smallestAngleCos(s, s)).toBeCloseTo(1, 12);
  });

  it('head gradients match central differences (W, b and S)', () => {
    const rng = new Rng(7);
    const head = createHead({ inputs: 5, dim: 4, classes: 3, k: 2, gamma: 3, signed: false }, rng);
    const H = Float64Array.from(rng.normals(6 * 5));
    const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const batch = [0, 1, 2, 3, 4, 5];
    const g = lossAndGrads(head, H, y, batch);
    const check = (values: Float64Array, grad: Float64Array) => {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        values[i] = v + 1e-6;
        const up = lossAndGrads(head, H, y, batch).loss;
        values[i] = v - 1e-6;
        const down = lossAndGrads(head, H, y, batch).loss;
        values[i] = v;
        expect(Math.abs((up - down) / 2e-6 - grad[i])).toBeLessThan(1e-7);
      }
    };
    check(head.W, g.dW);
    check(head.b, g.db);
    head.S.forEach((s, c) => check(s.data, g.dS[c]));
  });

  for (const [k, signed] of [[3, false], [1, false], [1, true]] as const) {
    it(`device head (cpu backend, k = ${k}${signed ? ', signed' : ''}): loss, gradients and steps equal the host reference`, async () => {
      const be = new CpuBackend();
      const start = be.liveTensors();
      const o: GcrHeadOptions = { inputs: 7, dim: 5, classes: 4, k, gamma: 6, signed };
      const { H, y } = problem(23, o.inputs, o.classes, 11);
      const host = createHead(o, new Rng(3));
      const dev = uploadHead(be, host);
      const hostOpt = new RiemannianSgd(host, 0.3, 0.9);
      const devOpt = new DeviceRiemannianSgd(be, dev, 0.3, 0.9);
      const data = uploadDataset(be, H, y, o.inputs);
      const order = new Rng(4);
      const perm = Int32Array.from({ length: 23 }, (_, i) => i);
      const B = 9;
      let worst = { loss: 0, grad: 0 };
      for (let step = 0; step < 6; step++) {
        order.shuffle(perm);
        const batch = perm.subarray(0, B);
        const g = lossAndGrads(host, H, y, batch);
        const idx = be.upload(batch, { rows: B, cols: 1 });
        const d = be.tidy(() => {
          const dg = headLossAndGrads(be, dev, gatherRows(be, data.X, idx, 0, B), gatherRows(be, data.y, idx, 0, B));
          devOpt.step(dg);
          return dg;
        });
        const [stats, dW, db, dS] = await Promise.all([be.read(d.rowStats), be.read(d.dW), be.read(d.db), be.read(d.dS)]);
        const loss = stats.reduce((a, v, i) => a + (i % 2 === 0 ? v : 0), 0) / B;
        const correct = stats.reduce((a, v, i) => a + (i % 2 === 1 ? v : 0), 0);
        expect(correct).toBe(g.correct);
        const hostDS = new Float64Array(o.classes * o.dim * k);
        g.dS.forEach((x, c) => hostDS.set(x, c * o.dim * k));
        worst = {
          loss: Math.max(worst.loss, Math.abs(loss - g.loss)),
          grad: Math.max(worst.grad, maxDiff(dW, g.dW), maxDiff(db, g.db), maxDiff(dS, hostDS)),
        };
        hostOpt.step(g);
        for (const t of [idx, d.rowStats, d.dW, d.db, d.dS]) be.dispose(t);
      }
      console.log(`device head k = ${k}${signed ? ' signed' : ''} vs host over 6 steps: loss ${worst.loss.toExponential(1)}, gradients ${worst.grad.toExponential(1)}`);
      expect(worst.loss).toBeLessThan(1e-12);
      expect(worst.grad).toBeLessThan(1e-12);
      const after = await readHead(be, dev);
      expect(maxDiff(after.W, host.W)).toBeLessThan(1e-12);
      expect(maxDiff(after.b, host.b)).toBeLessThan(1e-12);
      after.S.forEach((s, c) => expect(maxDiff(s.data, host.S[c].data), `S_${c}`).toBeLessThan(1e-12));
      const [devWorst] = await be.read(devOpt.worstOrthonormality);
      expect(devWorst).toBeLessThan(1e-14);
      expect(hostOpt.worstOrthonormality).toBeLessThan(1e-14);
      devOpt.dispose();
      disposeHead(be, dev);
      data.dispose();
      expect(be.liveTensors()).toBe(start);
    });
  }

  it('trainDeviceHead (cpu backend) reproduces the host training loop: batches, tail loss, accuracy, features', async () => {
    const be = new CpuBackend();
    const start = be.liveTensors();
    const o = { inputs: 6, dim: 5, classes: 3, k: 2, gamma: 5, signed: false, lr: 0.2, momentum: 0.9, steps: 25, batchSize: 8, seed: 9 };
    const train = problem(30, o.inputs, o.classes, 1);
    const test = problem(17, o.inputs, o.classes, 2);
    const trainT = uploadDataset(be, train.H, train.y, o.inputs);
    const testT = uploadDataset(be, test.H, test.y, o.inputs);
    const reads = vi.spyOn(be, 'read');
    const result = (await trainDeviceHead(be, trainT, testT, o))!;
    expect(reads, 'one readback per head: the packed evaluation').toHaveBeenCalledTimes(1);
    // the host loop run.ts used before the heads moved to the backend
    const head = createHead(o, new Rng(o.seed + 1));
    const order = new Rng(o.seed + 2);
    const opt = new RiemannianSgd(head, o.lr, o.momentum);
    const perm = Int32Array.from({ length: 30 }, (_, i) => i);
    let cursor = 30;
    let tail = 0;
    let tailSteps = 0;
    for (let s = 0; s < o.steps; s++) {
      if (cursor + o.batchSize > 30) {
        order.shuffle(perm);
        cursor = 0;
      }
      const g = lossAndGrads(head, train.H, train.y, perm.subarray(cursor, cursor + o.batchSize));
      cursor += o.batchSize;
      opt.step(g);
      if (s >= o.steps * 0.9) {
        tail += g.loss;
        tailSteps++;
      }
    }
    const ev = evaluate(head, test.H, test.y, 17);
    expect(result.accuracy).toBe(ev.accuracy);
    expect(Math.abs(result.loss - tail / tailSteps)).toBeLessThan(1e-10);
    expect(maxDiff(result.xhat, ev.xhat)).toBeLessThan(1e-10);
    result.S.forEach((s, c) => expect(maxDiff(s.data, head.S[c].data), `S_${c}`).toBeLessThan(1e-10));
    expect(result.worstOrthonormality).toBeLessThan(1e-12);
    expect(result.cosineGap).toBeNull();
    trainT.dispose();
    testT.dispose();
    expect(be.liveTensors()).toBe(start);
  });

  it('trainDeviceHead rejects features of the wrong width and batches larger than the data', async () => {
    const be = new CpuBackend();
    const { H, y } = problem(5, 4, 2, 1);
    const data = uploadDataset(be, H, y, 4);
    const o = { inputs: 3, dim: 3, classes: 2, k: 1, gamma: 5, signed: false, lr: 0.1, momentum: 0, steps: 2, batchSize: 2, seed: 1 };
    await expect(trainDeviceHead(be, data, data, o)).rejects.toThrow(/3 columns/);
    await expect(trainDeviceHead(be, data, data, { ...o, inputs: 4, batchSize: 6 })).rejects.toThrow(/batch size 6/);
    data.dispose();
    expect(be.liveTensors()).toBe(0);
  });
});
