// The Koopman autoencoder's parts: tanh MLP encoder and decoder with input gradients, a linear latent operator K, weight init.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { activationBackward, activationForward, linearBackward, linearForward } from '../../learn/layers';

/** Sizes: state dimension (2 here), hidden width of encoder and decoder, latent dimension k. */
export type AutoencoderSize = { state: number; hidden: number; latent: number };

/** The weights in order: encoder (W1, b1, W2, b2), decoder (W1, b1, W2, b2), then K. */
export const WEIGHT_NAMES = ['encoder.W1', 'encoder.b1', 'encoder.W2', 'encoder.b2', 'decoder.W1', 'decoder.b1', 'decoder.W2', 'decoder.b2', 'K'] as const;

/** Weight shapes, torch.nn.Linear's (out, in) layout; K is k×k and acts on latent rows: z_{t+1} = z_t·K. */
export function weightShapes(s: AutoencoderSize): { rows: number; cols: number }[] {
  const layer = (out: number, inp: number) => [{ rows: out, cols: inp }, { rows: 1, cols: out }];
  return [...layer(s.hidden, s.state), ...layer(s.latent, s.hidden), ...layer(s.hidden, s.latent), ...layer(s.state, s.hidden), { rows: s.latent, cols: s.latent }];
}

/** torch.nn.Linear's init, U(−1/√in, 1/√in), for the MLPs; K starts at the identity (every mode persists). */
export function initialWeights(s: AutoencoderSize, rng: Rng): Float64Array[] {
  return weightShapes(s).map((shape, i) => {
    if (i === WEIGHT_NAMES.length - 1) return Float64Array.from({ length: shape.rows * shape.cols }, (_, j) => (j % (s.latent + 1) === 0 ? 1 : 0));
    const fanIn = i % 2 === 0 ? shape.cols : weightShapes(s)[i - 1].cols;
    const bound = 1 / Math.sqrt(fanIn);
    return Float64Array.from({ length: shape.rows * shape.cols }, () => (2 * rng.uniform() - 1) * bound);
  });
}

/** What mlpBackward needs from mlpForward. */
export type MlpPass = { input: Tensor; pre: Tensor; hidden: Tensor; output: Tensor };

/**
 * y = tanh(x·W1ᵀ + b1)·W2ᵀ + b2, rows as samples (enqueued; call inside a tidy).
 * @param x (N, in); W1 (h, in); b1 (1, h); W2 (out, h); b2 (1, out)
 */
export function mlpForward(be: Backend, x: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor): MlpPass {
  const pre = linearForward(be, x, W1, b1);
  const hidden = activationForward(be, pre, 'tanh');
  return { input: x, pre, hidden, output: linearForward(be, hidden, W2, b2) };
}

/**
 * Gradients of a two-layer tanh MLP from ∂L/∂y.
 * @param dy (N, out)
 * @returns [dW1, db1, dW2, db2] and dx (N, in) when needDx
 */
export function mlpBackward(be: Backend, pass: MlpPass, W1: Tensor, W2: Tensor, dy: Tensor, needDx: boolean): { grads: Tensor[]; dx: Tensor | null } {
  const top = linearBackward(be, pass.hidden, W2, dy, true);
  const dPre = activationBackward(be, pass.pre, top.dx!, 'tanh');
  const bottom = linearBackward(be, pass.input, W1, dPre, needDx);
  return { grads: [bottom.dW, bottom.db, top.dW, top.db], dx: bottom.dx };
}
