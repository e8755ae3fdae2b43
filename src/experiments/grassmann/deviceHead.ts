// A GCR head on the backend: W, b and the class subspaces as tensors, its forward pass and hand-written backward pass.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import type { GcrHead, GcrHeadOptions } from './gcrHead';

/** Norms below this are clamped, as the host head does (a zero feature has no direction). */
const TINY = 1e-12;
/** An upper clamp that is finite in f32 (clamp needs one). */
const HUGE = 1e30;

/**
 * The head's parameters on the device: W (dim × inputs), b (1 × dim), S (batch = classes, dim × k). The tensors are
 * kept out of any tidy; the optimizer replaces S after each step.
 */
export type DeviceHead = GcrHeadOptions & { W: Tensor; b: Tensor; S: Tensor };

/** Uploads a host head (so the device head starts from exactly the host's random draws). */
export function uploadHead(be: Backend, head: GcrHead): DeviceHead {
  const { inputs, dim, classes, k, gamma, signed } = head;
  if (head.S.length !== classes || head.S.some((s) => s.d !== dim || s.k !== k)) {
    throw new RangeError(`uploadHead: expected ${classes} subspaces of ${dim}×${k}`);
  }
  const S = new Float64Array(classes * dim * k);
  head.S.forEach((s, c) => S.set(s.data, c * dim * k));
  return {
    inputs, dim, classes, k, gamma, signed,
    W: be.keep(be.upload(head.W, { rows: dim, cols: inputs })),
    b: be.keep(be.upload(head.b, { rows: 1, cols: dim })),
    S: be.keep(be.upload(S, { batch: classes, rows: dim, cols: k })),
  };
}

export function disposeHead(be: Backend, head: DeviceHead): void {
  be.dispose(head.W);
  be.dispose(head.b);
  be.dispose(head.S);
}

/** Reads the device head back into the host representation (tests and reference comparisons). */
export async function readHead(be: Backend, head: DeviceHead): Promise<GcrHead> {
  const [W, b, S] = await Promise.all([be.read(head.W), be.read(head.b), be.read(head.S)]);
  const size = head.dim * head.k;
  const subspaces = Array.from({ length: head.classes }, (_, c) => ({ d: head.dim, k: head.k, data: S.slice(c * size, (c + 1) * size) }));
  const { inputs, dim, classes, k, gamma, signed } = head;
  return { inputs, dim, classes, k, gamma, signed, W, b, S: subspaces };
}

/** Everything the forward pass makes that the backward pass needs. Tensors follow tidy rules. */
export type HeadForward = {
  /** (B, dim): z = W·h + b */
  z: Tensor;
  /** (B, 1): max(‖z‖, 1e-12) */
  norm: Tensor;
  /** (B, dim): x̂ = z/‖z‖ */
  xhat: Tensor;
  /** (classes, B, k): p_c = S_cᵀx̂ for every class and row */
  P: Tensor;
  /** (classes, B): ‖p_c‖ (unsigned head only) */
  pnorm: Tensor | null;
  /** (B, classes): γ‖p_c‖, or γ p_c for the signed head */
  logits: Tensor;
};


/**
 * Forward pass on a batch of rows.
 * @param h (B, inputs) trunk features
 */
export function headForward(be: Backend, head: DeviceHead, h: Tensor): HeadForward {
  const { inputs, classes, k, gamma, signed } = head;
  if (h.batch !== 1 || h.cols !== inputs) throw new RangeError(`headForward: features must be B×${inputs}, got ${h.batch}×${h.rows}×${h.cols}`);
  const B = h.rows;
  const z = be.elementwise('add', be.matmul(h, head.W, { transB: true }), head.b);
  const norm = be.elementwise('clamp', be.reduce('norm', z, 'perRow'), null, TINY, HUGE);
  const xhat = be.elementwise('div', z, norm);
  const P = be.matmul(xhat, head.S); // x̂ (1, B, dim) broadcast against S (classes, dim, k)
  // per (class, row) values laid out class-major, then turned into (B, classes)
  const pnorm = signed ? null : reshape(be, be.reduce('norm', reshape(be, P, { rows: classes * B, cols: k }), 'perRow'), { rows: classes, cols: B });
  const perClass = pnorm ?? reshape(be, P, { rows: classes, cols: B });
  const logits = be.elementwise('scale', be.transpose(perClass), null, gamma, 0);
  return { z, norm, xhat, P, pnorm, logits };
}

/** Euclidean gradients of the mean batch loss, and per-row [loss, correct] (B, 2). Tensors follow tidy rules. */
export type HeadGrads = { rowStats: Tensor; dW: Tensor; db: Tensor; dS: Tensor };

/**
 * Mean softmax cross-entropy of a batch and its gradients, by hand (mirrors gcrHead.ts's lossAndGrads).
 * @param h (B, inputs) features; y (B, 1) labels as floats
 */
export function headLossAndGrads(be: Backend, head: DeviceHead, h: Tensor, y: Tensor): HeadGrads {
  const { dim, classes, gamma } = head;
  const B = h.rows;
  const f = headForward(be, head, h);
  const { grad, rowStats } = softmaxCrossEntropy(be, f.logits, y); // grad already carries 1/B
  const dLogits = be.transpose(grad); // (classes, B)
  // ∂(γ‖p‖)/∂p = γ p/‖p‖; the signed head's ∂(γ p)/∂p = γ
  const dP = f.pnorm
    ? be.elementwise('mul', f.P, reshape(be, be.elementwise('div', dLogits, be.elementwise('clamp', f.pnorm, null, TINY, HUGE)), { batch: classes, rows: B, cols: 1 }), gamma)
    : reshape(be, be.elementwise('scale', dLogits, null, gamma, 0), { batch: classes, rows: B, cols: 1 });
  const dS = be.matmul(f.xhat, dP, { transA: true }); // (classes, dim, k)
  // ∂/∂x̂ = Σ_c S_c dp_c: per class (B, dim), summed over the class batch
  const perClass = reshape(be, be.matmul(dP, head.S, { transB: true }), { rows: classes, cols: B * dim });
  const dx = reshape(be, be.reduce('sum', perClass, 'perCol'), { rows: B, cols: dim });
  // through x̂ = z/‖z‖: ∂/∂z = (I − x̂x̂ᵀ)/‖z‖
  const dot = be.reduce('sum', be.elementwise('mul', f.xhat, dx), 'perRow');
  const dz = be.elementwise('div', be.elementwise('add', dx, be.elementwise('mul', f.xhat, dot), 1, -1), f.norm);
  const db = be.reduce('sum', dz, 'perCol');
  const dW = be.matmul(dz, h, { transA: true });
  return { rowStats, dW, db, dS };
}
