// Pointwise activations for the layers: forward through the backend's elementwise ops, backward by a fused kernel.
import { assertNever, sizeOf, unsupported, type AnyBackend, type Backend, type Tensor } from '../engine/backend';
import activationGradWgsl from '../../shaders/learn/activation_grad.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const ACTIVATION_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/learn/activation_grad.wgsl'] }, {
  total: 'u32', groupsX: 'u32', _pad0: 'u32', _pad1: 'u32',
});

/** The activations a layer may use (gelu is the tanh approximation, as in GPT-2). */
export type Activation = 'relu' | 'gelu' | 'tanh';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'gelu', 'tanh'];

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

/** f'(z) in float64; shaders/learn/activation_grad.wgsl mirrors it. */
export function activationDerivative(act: Activation, z: number): number {
  switch (act) {
    case 'relu': return z > 0 ? 1 : 0;
    case 'gelu': {
      const t = Math.tanh(GELU_C * (z + GELU_K * z * z * z));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * z * z);
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    default: return unsupported(act);
  }
}

/**
 * y = f(z), elementwise.
 * @param z any shape
 */
export function activationForward(be: Backend, z: Tensor, act: Activation): Tensor {
  return be.elementwise(act, z);
}

/**
 * dL/dz = dL/dy ⊙ f'(z), one fused dispatch.
 * @param z the pre-activation, any shape; dy the same shape
 */
export function activationBackward(be: AnyBackend, z: Tensor, dy: Tensor, act: Activation): Tensor {
  if (sizeOf(z) !== sizeOf(dy)) throw new RangeError(`activationBackward: z has ${sizeOf(z)} entries, dy ${sizeOf(dy)}`);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const zs = cpu.view(z);
      const gs = cpu.view(dy);
      const out = new Float64Array(zs.length);
      for (let i = 0; i < zs.length; i++) out[i] = gs[i] * activationDerivative(act, zs[i]);
      return cpu.upload(out, z);
    }
    case 'webgpu': {
      const gpu = be;
      const out = gpu.empty(z);
      const total = sizeOf(z);
      if (total === 0) return out;
      const pipeline = gpu.pipelines.get({ name: 'activation_grad', code: activationGradWgsl, constants: { ACTIVATION: ACTIVATIONS.indexOf(act) } });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      gpu.dispatch(pipeline, [gpu.buffer(z, 'activation z'), gpu.buffer(dy, 'activation dy'), gpu.buffer(out)], ACTIVATION_PARAMS.of({ total, groupsX }), groups);
      return out;
    }
    default: return assertNever(be);
  }
}
