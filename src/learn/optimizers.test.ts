// Optimizer steps against hand-computed PyTorch-semantics steps (torch.optim.SGD / Adam / AdamW), on the cpu backend.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { createOptimizer, type OptimizerConfig } from './optimizers';

const be = new CpuBackend();
const p0 = [1, -2, 0.5];
const g1 = [0.1, 0.2, -0.3];
const g2 = [0.05, -0.1, 0.2];

/** Two steps of `config` from p0 with gradients g1 then g2; returns p after each step. */
function twoSteps(config: OptimizerConfig): number[][] {
  const start = be.liveTensors();
  const p = be.upload(p0, { rows: 1, cols: 3 });
  const opt = createOptimizer(be, config);
  const after: number[][] = [];
  for (const g of [g1, g2]) {
    be.tidy(() => opt.step([p], [be.upload(g, { rows: 1, cols: 3 })]));
    after.push(Array.from(be.view(p)));
  }
  opt.dispose();
  be.dispose(p);
  expect(be.liveTensors()).toBe(start);
  return after;
}

function expectClose(actual: number[], expected: number[], digits = 12) {
  actual.forEach((a, i) => expect(a, `entry ${i}`).toBeCloseTo(expected[i], digits));
}

describe('optimizers follow PyTorch step for step', () => {
  it('SGD, momentum 0.9, dampening 0.1, weight decay 0.01 (numbers worked by hand)', () => {
    // step 1: d = g1 + 0.01·p0 = [0.11, 0.18, −0.295]; buf = d; p1 = p0 − 0.1·d
    // step 2: d = g2 + 0.01·p1 = [0.05989, −0.12018, 0.205295]; buf = 0.9·buf + 0.9·d = [0.152901, 0.053838, −0.0807345]
    const [p1, p2] = twoSteps({ kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 });
    expectClose(p1, [0.989, -2.018, 0.5295]);
    expectClose(p2, [0.9737099, -2.0233838, 0.53757345]);
  });

  it('SGD with Nesterov momentum 0.9 (numbers worked by hand)', () => {
    // step 1: buf = g1, update g1 + 0.9·buf = 1.9·g1; step 2: buf = 0.9·g1 + g2 = [0.14, 0.08, −0.07], update g2 + 0.9·buf
    const [p1, p2] = twoSteps({ kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true });
    expectClose(p1, [0.981, -2.038, 0.557]);
    expectClose(p2, [0.9634, -2.0352, 0.5433]);
  });

  it('plain SGD is p − lr·g', () => {
    const [p1, p2] = twoSteps({ kind: 'sgd', lr: 0.5 });
    expectClose(p1, p0.map((p, i) => p - 0.5 * g1[i]));
    expectClose(p2, p1.map((p, i) => p - 0.5 * g2[i]));
  });

  /** torch.optim.Adam's documented algorithm, scalar by scalar. */
  function adamByHand(lr: number, wd: number, decoupled: boolean): number[][] {
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const p = [...p0];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    const out: number[][] = [];
    [g1, g2].forEach((g, t0) => {
      const t = t0 + 1;
      for (let i = 0; i < 3; i++) {
        let gi = g[i];
        if (decoupled) p[i] *= 1 - lr * wd;
        else gi += wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        const mHat = m[i] / (1 - b1 ** t);
        const vHat = v[i] / (1 - b2 ** t);
        p[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
      out.push([...p]);
    });
    return out;
  }

  it('Adam: bias-corrected first step moves each weight by ≈ lr·sign(g)', () => {
    const [p1, p2] = twoSteps({ kind: 'adam', lr: 0.1 });
    // m̂ = g and v̂ = g² after one step, so the move is lr·g/(|g| + ε)
    expectClose(p1, p0.map((p, i) => p - (0.1 * g1[i]) / (Math.abs(g1[i]) + 1e-8)));
    expect(p1[0]).toBeCloseTo(0.90000001, 8);
    const [h1, h2] = adamByHand(0.1, 0, false);
    expectClose(p1, h1);
    expectClose(p2, h2);
  });

  it('Adam with L2 weight decay 0.1', () => {
    const [p1, p2] = twoSteps({ kind: 'adam', lr: 0.01, weightDecay: 0.1 });
    const [h1, h2] = adamByHand(0.01, 0.1, false);
    expectClose(p1, h1);
    expectClose(p2, h2);
  });

  it('AdamW decays decoupled from the gradient (default weight decay 0.01 as in torch)', () => {
    const [p1, p2] = twoSteps({ kind: 'adamw', lr: 0.1, weightDecay: 0.1 });
    const [h1, h2] = adamByHand(0.1, 0.1, true);
    expectClose(p1, h1);
    expectClose(p2, h2);
    expect(p1[0]).toBeCloseTo(0.99 - 0.1 * 0.1 / (0.1 + 1e-8), 12);
    const [d1] = twoSteps({ kind: 'adamw', lr: 0.1 });
    expectClose(d1, adamByHand(0.1, 0.01, true)[0]);
  });

  it('rejects a parameter list that changes between steps', () => {
    const opt = createOptimizer(be, { kind: 'adam', lr: 0.1 });
    const a = be.fill({ rows: 1, cols: 2 }, 1);
    opt.step([a], [a]);
    expect(() => opt.step([a, a], [a, a])).toThrow(/built for 1/);
    opt.dispose();
    be.dispose(a);
  });
});
