// Fused optimizer steps (one dispatch updates a parameter tensor and its state in place), PyTorch semantics.
import { assertNever, sizeOf, type AnyBackend, type Tensor } from '../engine/backend';
import sgdWgsl from '../../shaders/learn/optimizer_sgd.wgsl?raw';
import adamWgsl from '../../shaders/learn/optimizer_adam.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const SGD_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/optimizer_sgd.wgsl'] }, {
  total: 'u32', groupsX: 'u32', flags: 'u32', _pad0: 'u32', lr: 'f32', momentum: 'f32', dampening: 'f32', weightDecay: 'f32',
});

const ADAM_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/optimizer_adam.wgsl'] }, {
  total: 'u32', groupsX: 'u32', decoupled: 'u32', _pad0: 'u32', lr: 'f32', beta1: 'f32', beta2: 'f32', weightDecay: 'f32', eps: 'f32', stepSize: 'f32', biasCorrection2Sqrt: 'f32', _pad1: 'f32',
});

/** torch.optim.SGD's knobs for one step; `firstStep` makes the momentum buffer a copy of the gradient. */
export type SgdStep = { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; firstStep: boolean };

/** torch.optim.Adam / AdamW's knobs for one step; `step` counts from 1 (bias corrections use it). */
export type AdamStep = { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean; step: number };

function requireSameSize(who: string, ...ts: Tensor[]): void {
  const n = sizeOf(ts[0]);
  for (const t of ts) if (sizeOf(t) !== n) throw new RangeError(`${who}: tensors of ${ts.map(sizeOf).join(', ')} entries; all must match`);
}

/**
 * p ← SGD step in place; `momentumBuffer` (same size as p) is updated in place when momentum ≠ 0 and never read
 * otherwise (pass any tensor then).
 * @param param any shape; grad the same size
 */
export function sgdUpdate(be: AnyBackend, param: Tensor, grad: Tensor, momentumBuffer: Tensor, o: SgdStep): void {
  const useMomentum = o.momentum !== 0;
  if (useMomentum) requireSameSize('sgdUpdate', param, grad, momentumBuffer);
  else requireSameSize('sgdUpdate', param, grad);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const p = cpu.view(param);
      const g = cpu.view(grad);
      const buf = useMomentum ? cpu.view(momentumBuffer) : null;
      for (let i = 0; i < p.length; i++) {
        let d = g[i] + o.weightDecay * p[i];
        if (buf) {
          buf[i] = o.firstStep ? d : o.momentum * buf[i] + (1 - o.dampening) * d;
          d = o.nesterov ? d + o.momentum * buf[i] : buf[i];
        }
        p[i] -= o.lr * d;
      }
      return;
    }
    case 'webgpu': {
      const gpu = be;
      const total = sizeOf(param);
      if (total === 0) return;
      const flags = (o.firstStep ? 1 : 0) | (o.nesterov ? 2 : 0) | (useMomentum ? 4 : 0);
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'optimizer_sgd', code: sgdWgsl }), [
        gpu.buffer(param, 'sgd param'), gpu.buffer(grad, 'sgd grad'), gpu.buffer(momentumBuffer, 'sgd momentum'),
      ], SGD_PARAMS.of({ total, groupsX, flags, lr: o.lr, momentum: o.momentum, dampening: o.dampening, weightDecay: o.weightDecay }), groups);
      return;
    }
    default: return assertNever(be);
  }
}

/**
 * p ← Adam (or AdamW when `decoupled`) step in place, with the moments m and v updated in place.
 * @param param any shape; grad, m, v the same size
 */
export function adamUpdate(be: AnyBackend, param: Tensor, grad: Tensor, m: Tensor, v: Tensor, o: AdamStep): void {
  requireSameSize('adamUpdate', param, grad, m, v);
  if (!(o.step >= 1)) throw new RangeError(`adamUpdate: step counts from 1, got ${o.step}`);
  // Bias corrections in float64 on the host, as torch computes them from Python floats.
  const stepSize = o.lr / (1 - o.beta1 ** o.step);
  const biasCorrection2Sqrt = Math.sqrt(1 - o.beta2 ** o.step);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const p = cpu.view(param);
      const g = cpu.view(grad);
      const mv = cpu.view(m);
      const vv = cpu.view(v);
      for (let i = 0; i < p.length; i++) {
        let gi = g[i];
        if (o.decoupled) p[i] *= 1 - o.lr * o.weightDecay;
        else gi += o.weightDecay * p[i];
        mv[i] += (1 - o.beta1) * (gi - mv[i]);
        vv[i] = o.beta2 * vv[i] + (1 - o.beta2) * gi * gi;
        p[i] -= (stepSize * mv[i]) / (Math.sqrt(vv[i]) / biasCorrection2Sqrt + o.eps);
      }
      return;
    }
    case 'webgpu': {
      const gpu = be;
      const total = sizeOf(param);
      if (total === 0) return;
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(gpu.pipelines.get({ name: 'optimizer_adam', code: adamWgsl }), [
        gpu.buffer(param, 'adam param'), gpu.buffer(grad, 'adam grad'), gpu.buffer(m, 'adam m'), gpu.buffer(v, 'adam v'),
      ], ADAM_PARAMS.of({
        total, groupsX, decoupled: o.decoupled ? 1 : 0,
        lr: o.lr, beta1: o.beta1, beta2: o.beta2, weightDecay: o.weightDecay,
        eps: o.eps, stepSize, biasCorrection2Sqrt,
      }), groups);
      return;
    }
    default: return assertNever(be);
  }
}
