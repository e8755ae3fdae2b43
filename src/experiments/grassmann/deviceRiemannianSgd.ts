// Riemannian SGD with momentum for a device GCR head: fused SGD for W, b; tangent projection and batched QR for S.
import type { Backend, Tensor } from '../../engine/backend';
import { reshape } from '../../learn/gatherKernels';
import { sgdUpdate, type SgdStep } from '../../learn/optimizerKernels';
import { householderQr } from '../../linalg/qr';
import type { DeviceHead, HeadGrads } from './deviceHead';

/**
 * The device twin of gcrHead.ts's RiemannianSgd. Each step enqueues work only (no readback). The largest
 * ‖S_cᵀS_c − I‖_max seen after any step is kept in a 1×1 tensor, `worstOrthonormality`, read when training ends.
 */
export class DeviceRiemannianSgd {
  private readonly vW: Tensor;
  private readonly vb: Tensor;
  private vS: Tensor;
  private readonly identity: Tensor;
  /** (1, 1): max over steps of max_c ‖S_cᵀS_c − I‖_max. */
  worstOrthonormality: Tensor;

  constructor(private readonly be: Backend, private readonly head: DeviceHead, private readonly lr: number, private readonly momentum: number) {
    const { inputs, dim, classes, k } = head;
    this.vW = be.keep(be.fill({ rows: dim, cols: inputs }, 0));
    this.vb = be.keep(be.fill({ rows: 1, cols: dim }, 0));
    this.vS = be.keep(be.fill({ batch: classes, rows: dim, cols: k }, 0));
    this.identity = be.keep(be.upload(Float64Array.from({ length: k * k }, (_, i) => (i % (k + 1) === 0 ? 1 : 0)), { rows: k, cols: k }));
    this.worstOrthonormality = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
  }

  /** Updates head.W, head.b in place and replaces head.S by its retracted successor. */
  step(g: HeadGrads): void {
    const { be, head, lr, momentum } = this;
    const sgd: SgdStep = { lr, momentum, dampening: 0, weightDecay: 0, nesterov: false, firstStep: false };
    // v ← μv + g; p ← p − ηv (the buffers start at zero, as on the host)
    sgdUpdate(be, head.W, g.dW, this.vW, sgd);
    sgdUpdate(be, head.b, g.db, this.vb, sgd);
    be.tidy(() => {
      const S = head.S;
      // v_S ← Π_S(μ v_S + G) = μ Π_S(v_S) + Π_S(G): the momentum is carried to the tangent space by projection
      const mixed = be.elementwise('add', this.vS, g.dS, momentum, 1);
      const v = be.elementwise('add', mixed, be.matmul(S, be.matmul(S, mixed, { transA: true })), 1, -1);
      // QR retraction; householderQr's R_jj = ‖x‖ ≥ 0 (Parlett's sign choice), which is the diag(R) > 0 convention
      const { Q } = householderQr(be, be.elementwise('add', S, v, 1, -lr));
      const next = be.keep(Q);
      const worst = be.keep(be.elementwise('max', this.worstOrthonormality, orthonormalityError(be, next, this.identity)));
      be.dispose(S);
      be.dispose(this.vS);
      be.dispose(this.worstOrthonormality);
      head.S = next;
      this.vS = be.keep(v);
      this.worstOrthonormality = worst;
    });
  }

  dispose(): void {
    for (const t of [this.vW, this.vb, this.vS, this.identity, this.worstOrthonormality]) this.be.dispose(t);
  }
}

/** (1, 1): max over classes and entries of |S_cᵀS_c − I|, for S (classes, dim, k) and I (k, k). */
export function orthonormalityError(be: Backend, S: Tensor, identity: Tensor): Tensor {
  const gram = be.elementwise('add', be.matmul(S, S, { transA: true }), identity, 1, -1);
  return be.reduce('maxAbs', reshape(be, gram, { rows: S.batch * S.cols, cols: S.cols }), 'all');
}
