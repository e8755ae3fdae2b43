// WebGPU (f32) against the float64 cpu backend: exact Hessian-vector products, batched slices, the quick preset.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import type { WebGpuBackend } from '../../engine/webgpu/webgpuBackend';
import { Rng } from '../../data/rng';
import { cpuBackend, webgpuBackend, SKIP_WITHOUT_WEBGPU } from '../../testing/gpuBackendForTests';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { Mlp } from '../../learn/mlp';
import { MlpHessian, hessianPowerIteration } from '../../learn/hessian';
import { gridCoefficients, sliceLosses } from './slices';

let gpu: WebGpuBackend | null = null;

beforeAll(async () => {
  gpu = await webgpuBackend();
});

/** max_i |a_i − b_i| / max_i |b_i|, printed with the worst index. */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / Math.max(scale, 1e-30);
}

/** A small net, batch and direction set up identically on a backend. */
function problem(be: Backend, activation: 'relu' | 'tanh') {
  const rng = new Rng(21);
  const mlp = new Mlp([13, 9, 5], activation);
  const n = 37;
  const X = rng.normals(n * 13);
  const y = Float64Array.from({ length: n }, (_, i) => (i * 7) % 5);
  const x = be.keep(be.upload(X, { rows: n, cols: 13 }));
  const labels = be.keep(be.upload(y, { rows: n, cols: 1 }));
  const weights = mlp.init(be, rng);
  const v = rng.normals(mlp.parameterCount());
  return { mlp, x, labels, weights, v, n, dispose: () => [x, labels, ...weights].forEach((t) => be.dispose(t)) };
}

async function hvpAndLambda(be: Backend, activation: 'relu' | 'tanh') {
  const p = problem(be, activation);
  const hessian = new MlpHessian(be, p.mlp, p.weights, p.x, p.labels);
  const D = p.mlp.parameterCount();
  const hvT = be.tidy(() => hessian.hvpFlat(be.upload(p.v, { rows: D, cols: 1 })));
  const hv = await be.read(hvT);
  be.dispose(hvT);
  const power = await hessianPowerIteration(be, hessian, { iterations: 60, rng: new Rng(4) });
  be.dispose(power.vector);
  hessian.dispose();
  p.dispose();
  return { hv, lambda: power.lambda };
}

async function quickRun(be: Backend) {
  const { m, seconds, leaked } = await runExperimentOn(be, 'loss-landscape', 'quick');
  return { metrics: m, seconds, leaked };
}

describe('loss-landscape on webgpu against the float64 cpu backend', () => {
  it('exact Hessian-vector products and λ_max agree within f32 tolerance', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    for (const activation of ['relu', 'tanh'] as const) {
      const g = await hvpAndLambda(gpu, activation);
      const c = await hvpAndLambda(cpuBackend(), activation);
      const err = relError(g.hv, c.hv);
      console.log(`${activation}: Hv relative error ${err.toExponential(2)}; λ_max webgpu ${g.lambda.toPrecision(7)}, cpu ${c.lambda.toPrecision(7)}`);
      expect(err).toBeLessThan(1e-4);
      expect(Math.abs(g.lambda - c.lambda) / c.lambda).toBeLessThan(1e-4);
    }
  });

  it('batched slice losses (batch-broadcast matmuls) agree with cpu', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const slice = async (be: Backend) => {
      const p = problem(be, 'tanh');
      const D = p.mlp.parameterCount();
      const rng = new Rng(8);
      const theta = be.keep(be.upload(rng.normals(D, 0.3), { rows: 1, cols: D }));
      const dirs = be.keep(be.upload(rng.normals(2 * D, 0.3), { rows: 2, cols: D }));
      const axis = [-1, -0.3, 0, 0.45, 1];
      const out = await sliceLosses(be, p.mlp, theta, dirs, gridCoefficients(axis, axis), { X: p.x, y: p.labels, n: p.n, dispose() {} }, 3 * p.n * 9);
      [theta, dirs].forEach((t) => be.dispose(t));
      p.dispose();
      return out;
    };
    const g = await slice(gpu);
    const c = await slice(cpuBackend());
    const err = relError(g.loss, c.loss);
    console.log(`slice losses: relative error ${err.toExponential(2)} over ${c.loss.length} points`);
    expect(err).toBeLessThan(1e-5);
    expect(g.accuracy).toEqual(c.accuracy);
  });

  it('the quick preset: same curves, λ_max and slices within f32 drift; one readback per epoch', async (ctx) => {
    if (!gpu) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const g = await quickRun(gpu);
    const c = await quickRun(cpuBackend());
    console.log(`quick preset: webgpu ${g.seconds.toFixed(1)} s, cpu ${c.seconds.toFixed(1)} s`);
    expect(g.leaked).toBe(0);
    expect(c.leaked).toBe(0);
    for (const key of ['loss_sgd', 'loss_saf', 'lambda_sgd', 'lambda_saf', 'slice1d_sgd', 'slice1d_saf']) {
      const err = relError(g.metrics[key] as number[], c.metrics[key] as number[]);
      console.log(`${key}: relative error ${err.toExponential(2)}; webgpu ${JSON.stringify((g.metrics[key] as number[]).map((v) => +v.toPrecision(5)))}`);
      // f32 rounding over 80 SGD steps with momentum (SwiftShader: ~1e-7 here), and 10 warm-started power
      // iterations per estimate, which amplify early differences: 1e-3 for losses and slices, 1e-2 for λ_max
      expect(err, key).toBeLessThan(key.startsWith('lambda') ? 1e-2 : 1e-3);
    }
    expect(g.metrics.readbacks_per_step as number).toBeLessThanOrEqual(0.1);
  });
});
