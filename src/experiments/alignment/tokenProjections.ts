// ColBERT's final token projection and the variants of "Simple Projection Variants Improve ColBERT Performance".
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { Mlp } from '../../learn/mlp';
import { activationBackward, activationForward, linearBackward, linearForward } from '../../learn/layers';

export const PROJECTION_VARIANTS = ['linear', 'ffn', 'glu', 'residual', 'upscaled'] as const;
export type ProjectionVariant = (typeof PROJECTION_VARIANTS)[number];

export const VARIANT_LABELS: Record<ProjectionVariant, string> = {
  linear: 'single linear (ColBERT)',
  ffn: 'FFN (2 layers, ReLU)',
  glu: 'GLU (GELU gate)',
  residual: 'FFN + linear residual',
  upscaled: 'FFN, 4× intermediate',
};

/** A token projection: its trainable tensors, and a forward pass that returns the output and its backward. */
export type TokenProjection = {
  params: Tensor[];
  /** x (N, in) → (N, out); backward maps ∂L/∂out to ∂L/∂param in `params` order */
  forward(be: Backend, x: Tensor): { out: Tensor; backward(dOut: Tensor): Tensor[] };
};

/** An MLP as a projection (no activation after its last layer). */
function mlpProjection(be: Backend, sizes: number[], rng: Rng): TokenProjection {
  const model = new Mlp(sizes);
  const params = model.init(be, rng);
  return {
    params,
    forward(b, x) {
      const { logits, cache } = model.forward(b, params, x);
      return { out: logits, backward: (dOut) => model.backward(b, params, cache, dOut) };
    },
  };
}

/** out = W₂·(gelu(W₁x) ⊙ W₃x) (+ biases): a gated linear unit. */
function gluProjection(be: Backend, input: number, hidden: number, out: number, rng: Rng): TokenProjection {
  const [W1, b1, W2, b2] = new Mlp([input, hidden, out]).init(be, rng);
  const [W3, b3] = new Mlp([input, hidden]).init(be, rng);
  return {
    params: [W1, b1, W3, b3, W2, b2],
    forward(b, x) {
      const a = linearForward(b, x, W1, b1);
      const gate = linearForward(b, x, W3, b3);
      const act = activationForward(b, a, 'gelu');
      const h = b.elementwise('mul', act, gate);
      return {
        out: linearForward(b, h, W2, b2),
        backward(dOut) {
          const g2 = linearBackward(b, h, W2, dOut);
          const g1 = linearBackward(b, x, W1, activationBackward(b, a, b.elementwise('mul', g2.dx!, gate), 'gelu'), false);
          const g3 = linearBackward(b, x, W3, b.elementwise('mul', g2.dx!, act), false);
          return [g1.dW, g1.db, g3.dW, g3.db, g2.dW, g2.db];
        },
      };
    },
  };
}

/** out = linear(x) + ffn(x): the FFN learns a correction to the plain projection. */
function residualProjection(linear: TokenProjection, ffn: TokenProjection): TokenProjection {
  return {
    params: [...linear.params, ...ffn.params],
    forward(b, x) {
      const l = linear.forward(b, x);
      const f = ffn.forward(b, x);
      return { out: b.elementwise('add', l.out, f.out), backward: (dOut) => [...l.backward(dOut), ...f.backward(dOut)] };
    },
  };
}

/**
 * A freshly initialized projection in → out of the given variant (torch.nn.Linear init from `rng`); its params are
 * kept out of any tidy and owned by the caller.
 */
export function createProjection(be: Backend, variant: ProjectionVariant, input: number, out: number, rng: Rng): TokenProjection {
  switch (variant) {
    case 'linear': return mlpProjection(be, [input, out], rng);
    case 'ffn': return mlpProjection(be, [input, input, out], rng);
    case 'glu': return gluProjection(be, input, input, out, rng);
    case 'residual': return residualProjection(mlpProjection(be, [input, out], rng), mlpProjection(be, [input, input, out], rng));
    case 'upscaled': return mlpProjection(be, [input, 4 * input, out], rng);
    default: {
      const never: never = variant;
      throw new RangeError(`unknown projection variant ${String(never)}`);
    }
  }
}
