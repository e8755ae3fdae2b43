// A trainable CRATE classifier: per layer unit-norm tokens → MSSA → ISTA, then mean pooling and a linear head, with its backward.
//
// The forward is the one of crate.ts (one U_k for query, key and value; one ISTA step with dictionary D), written
// once more here because training needs every intermediate kept for the hand-written backward. Tokens are rows:
// (B·N, d), image b in rows [bN, (b+1)N). All of it is enqueued backend ops: call inside a tidy.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { reshape } from '../../learn/gatherKernels';
import { softmaxRows } from '../../learn/softmaxRows';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { batchSum, colSums, rowNorms, rowSums } from '../common/matmulSums';
import { randomCrateLayer, type CrateLayer, type CrateOptions } from './crate';

/** L CRATE layers and the classifier: logits = mean_tokens(Z^L)·W + b, W (d, C), b (1, C). */
export type TrainableCrate = { layers: CrateLayer[]; W: Tensor; b: Tensor };

/** What one layer's backward needs from its forward. */
type LayerCache = { norms: Tensor; z: Tensor; P: Tensor; A: Tensor; H: Tensor; half: Tensor; pre: Tensor };

const NORM_FLOOR = 1e-12;

/** The parameter tensors in a fixed order: U₁, D₁, …, U_L, D_L, W, b (the order of the gradients). */
export function crateParameters(m: TrainableCrate): Tensor[] {
  return [...m.layers.flatMap((l) => [l.U, l.D]), m.W, m.b];
}

/** Random layers (crate.ts's orthogonal init), W Gaussian with std 1/√d, b = 0; kept until disposeCrate. */
export function initTrainableCrate(be: Backend, rng: Rng, o: CrateOptions, layers: number, classes: number): TrainableCrate {
  const d = o.heads * o.headDim;
  return {
    layers: Array.from({ length: layers }, () => randomCrateLayer(be, rng, o)),
    W: be.keep(be.upload(rng.normals(d * classes, 1 / Math.sqrt(d)), { rows: d, cols: classes })),
    b: be.keep(be.fill({ rows: 1, cols: classes }, 0)),
  };
}

export function disposeCrate(be: Backend, m: TrainableCrate): void {
  for (const t of crateParameters(m)) be.dispose(t);
}

/** One layer forward from x (B·N, d): z = x/‖x‖ per row, Z½ = (1 − c)z + c·MSSA(z), Z⁺ = ReLU(pre), pre = Z½ + η(Z½ − Z½Dᵀ)D − ηλ. */
function layerForward(be: Backend, x: Tensor, layer: CrateLayer, o: CrateOptions): { out: Tensor; cache: LayerCache } {
  const { heads: K, headDim: p, images: B, tokens: N } = o;
  const norms = be.elementwise('max', rowNorms(be, x), be.fill({ rows: 1, cols: 1 }, NORM_FLOOR));
  const z = be.elementwise('div', x, norms);
  const P = reshape(be, be.matmul(z, layer.U), { batch: K * B, rows: N, cols: p });
  // max-shifted softmax: learned U_k are not orthonormal, so scores are no longer bounded by 1
  const A = softmaxRows(be, be.matmul(P, P, { transB: true }));
  const H = reshape(be, be.matmul(A, P), { batch: K, rows: B * N, cols: p });
  const half = be.elementwise('add', z, batchSum(be, be.matmul(H, layer.U, { transB: true })), 1 - o.compression, o.compression);
  const residual = be.elementwise('add', half, be.matmul(half, layer.D, { transB: true }), 1, -1);
  const pre = be.elementwise('scale', be.elementwise('add', half, be.matmul(residual, layer.D), 1, o.eta), null, 1, -o.eta * o.lambda);
  return { out: be.elementwise('relu', pre), cache: { norms, z, P, A, H, half, pre } };
}

/** One layer backward: from ∂L/∂Z⁺ (B·N, d) to ∂L/∂x, ∂L/∂U (K, d, p) and ∂L/∂D (d, d). */
function layerBackward(be: Backend, dOut: Tensor, layer: CrateLayer, c: LayerCache, o: CrateOptions): { dx: Tensor; dU: Tensor; dD: Tensor } {
  const { heads: K, headDim: p, images: B, tokens: N, eta, compression } = o;
  const { U, D } = layer;
  // ISTA: pre = Z½·M − ηλ with M = I + ηD − ηDᵀD, so ∂Z½ = G·Mᵀ = G + ηGDᵀ − η(GDᵀ)D with G = ∂pre
  const G = be.elementwise('reluGrad', c.pre, dOut);
  const GDt = be.matmul(G, D, { transB: true });
  const dHalf = be.elementwise('add', be.elementwise('add', G, GDt, 1, eta), be.matmul(GDt, D), 1, -eta);
  // ∂D = η[(Z½ − Z½Dᵀ)ᵀG − D(GᵀZ½)]
  const residual = be.elementwise('add', c.half, be.matmul(c.half, D, { transB: true }), 1, -1);
  const dD = be.elementwise('add', be.matmul(residual, G, { transA: true }), be.matmul(D, be.matmul(G, c.half, { transA: true })), eta, -eta);
  // MSSA: Z½ = (1 − c)z + c·Σ_k H_k U_kᵀ with H = softmax(PPᵀ)P and P_k = zU_k
  const dM = be.elementwise('scale', dHalf, null, compression);
  const dH = reshape(be, be.matmul(dM, U), { batch: K * B, rows: N, cols: p });
  const dUout = be.matmul(dM, c.H, { transA: true }); // (K, d, p)
  const dA = be.matmul(dH, c.P, { transB: true });
  const dS = be.elementwise('mul', c.A, be.elementwise('add', dA, rowSums(be, be.elementwise('mul', c.A, dA)), 1, -1));
  const dPsum = be.elementwise('add', be.matmul(c.A, dH, { transA: true }), be.elementwise('add', be.matmul(dS, c.P), be.matmul(dS, c.P, { transA: true })));
  const dP = reshape(be, dPsum, { batch: K, rows: B * N, cols: p });
  const dU = be.elementwise('add', dUout, be.matmul(c.z, dP, { transA: true }));
  const dz = be.elementwise('add', dHalf, batchSum(be, be.matmul(dP, U, { transB: true })), 1 - compression, 1);
  // unit rows: ∂x = (∂z − z·⟨z, ∂z⟩)/‖x‖
  const dx = be.elementwise('div', be.elementwise('add', dz, be.elementwise('mul', c.z, rowSums(be, be.elementwise('mul', c.z, dz))), 1, -1), c.norms);
  return { dx, dU, dD };
}

/** The layers' outputs and caches and the logits. @param tokens (B·N, d) @returns logits (B, C), outputs[l] (B·N, d) */
export function crateForward(be: Backend, tokens: Tensor, m: TrainableCrate, o: CrateOptions): { logits: Tensor; pooled: Tensor; outputs: Tensor[]; caches: LayerCache[] } {
  const d = o.heads * o.headDim;
  const outputs: Tensor[] = [];
  const caches: LayerCache[] = [];
  let x = tokens;
  for (const layer of m.layers) {
    const { out, cache } = layerForward(be, x, layer, o);
    outputs.push(out);
    caches.push(cache);
    x = out;
  }
  const pooled = be.elementwise('scale', reshape(be, colSums(be, reshape(be, x, { batch: o.images, rows: o.tokens, cols: d })), { rows: o.images, cols: d }), null, 1 / o.tokens);
  const logits = be.elementwise('add', be.matmul(pooled, m.W), m.b);
  return { logits, pooled, outputs, caches };
}

/**
 * Mean softmax cross-entropy and its gradient for every parameter (crateParameters' order), or only for W and b when
 * `trainLayers` is false (a linear probe on a frozen CRATE). @param labels (B, 1) class indices as floats
 * @returns grads, and rowStats (B, 2): [loss_i, hit_i]
 */
export function crateLossAndGrads(be: Backend, tokens: Tensor, labels: Tensor, m: TrainableCrate, o: CrateOptions, trainLayers = true): { grads: Tensor[]; rowStats: Tensor } {
  const d = o.heads * o.headDim;
  const { logits, pooled, caches } = crateForward(be, tokens, m, o);
  const { grad, rowStats } = softmaxCrossEntropy(be, logits, labels);
  const dW = be.matmul(pooled, grad, { transA: true });
  const db = colSums(be, grad);
  if (!trainLayers) return { grads: [dW, db], rowStats };
  // mean pooling spreads ∂pooled/N over the N tokens of each image
  const dPooled = reshape(be, be.matmul(grad, m.W, { transB: true }), { batch: o.images, rows: 1, cols: d });
  let dOut = reshape(be, be.matmul(be.fill({ rows: o.tokens, cols: 1 }, 1 / o.tokens), dPooled), { rows: o.images * o.tokens, cols: d });
  const layerGrads: Tensor[] = [];
  for (let l = m.layers.length - 1; l >= 0; l--) {
    const { dx, dU, dD } = layerBackward(be, dOut, m.layers[l], caches[l], o);
    layerGrads.unshift(dU, dD);
    dOut = dx;
  }
  return { grads: [...layerGrads, dW, db], rowStats };
}
