// The paper's mutual-information term: InfoNCE between each latent and its temporal neighbours (cosine similarity), with ∂/∂z.
import type { Backend, Tensor } from '../../engine/backend';
import { gatherRows, reshape } from '../../learn/gatherKernels';
import { rowNorms } from '../common/matmulSums';

/** Added to excluded similarity entries: exp of it underflows to exactly 0 in f32 and f64. */
const EXCLUDED = -1e9;

/**
 * InfoNCE over time within each trajectory window (the paper's multi-positive form): for an anchor zₙ with a full
 * neighbourhood (m ≤ n < T − m), positives are z_{n±i}, 1 ≤ i ≤ m, negatives every other time of the same window;
 *   ℓₙ = −log( Σ_{pos} e^{cos(zₙ, zⱼ)/τ} / Σ_{j≠n} e^{cos(zₙ, zⱼ)/τ} ),
 * averaged over windows and anchors. Minimizing it raises a lower bound on the mutual information between a latent
 * and its temporal context. Holds the constant index and mask tensors; dispose() frees them.
 */
export class TemporalInfoNce {
  private readonly toWindowMajor: Tensor;
  private readonly toTimeMajor: Tensor;
  private readonly maskAll: Tensor;
  private readonly maskPositive: Tensor;
  private readonly anchorWeight: Tensor;

  /**
   * @param windows W trajectories; times T points each; neighbourhood m ≥ 1 with T > 2m; temperature τ > 0
   */
  constructor(private readonly be: Backend, readonly windows: number, readonly times: number, readonly neighbourhood: number, readonly temperature: number) {
    const [W, T, m] = [windows, times, neighbourhood];
    if (!Number.isInteger(m) || m < 1 || T <= 2 * m) throw new RangeError(`InfoNCE: the neighbourhood m = ${m} needs windows of more than 2m = ${2 * m} times (got ${T}); shorten m or lengthen the horizon`);
    if (!(temperature > 0)) throw new RangeError(`InfoNCE: the temperature must be positive (got ${temperature})`);
    const valid = T - 2 * m;
    const up = (data: ArrayLike<number>, shape: { rows: number; cols: number }) => be.keep(be.upload(data, shape));
    this.toWindowMajor = up(Float64Array.from({ length: W * T }, (_, i) => (i % T) * W + Math.floor(i / T)), { rows: W * T, cols: 1 });
    this.toTimeMajor = up(Float64Array.from({ length: W * T }, (_, i) => (i % W) * T + Math.floor(i / W)), { rows: W * T, cols: 1 });
    const all = new Float64Array(T * T);
    const positive = new Float64Array(T * T).fill(EXCLUDED);
    for (let n = 0; n < T; n++) {
      all[n * T + n] = EXCLUDED;
      for (let j = Math.max(0, n - m); j <= Math.min(T - 1, n + m); j++) if (j !== n) positive[n * T + j] = 0;
    }
    this.maskAll = up(all, { rows: T, cols: T });
    this.maskPositive = up(positive, { rows: T, cols: T });
    this.anchorWeight = up(Float64Array.from({ length: T }, (_, n) => (n >= m && n < T - m ? 1 / (W * valid) : 0)), { rows: T, cols: 1 });
  }

  /**
   * Enqueues the loss and its gradient (call inside a tidy).
   * @param z (T·W, k) latents, time-major (row t·W + w is window w at time t)
   * @returns loss (1, 1) and dz (T·W, k), time-major
   */
  lossAndGrad(z: Tensor): { loss: Tensor; grad: Tensor } {
    const { be, windows: W, times: T, temperature: tau } = this;
    const k = z.cols;
    if (z.batch !== 1 || z.rows !== W * T) throw new RangeError(`InfoNCE: expected ${W * T} latent rows, got ${z.rows}`);
    const zw = gatherRows(be, z, this.toWindowMajor, 0, W * T); // (W·T, k), window-major
    const norms = be.elementwise('max', rowNorms(be, zw), be.fill({ rows: 1, cols: 1 }, 1e-12));
    const unit = be.elementwise('div', zw, norms);
    const unitBatched = reshape(be, unit, { batch: W, rows: T, cols: k });
    const similarity = be.elementwise('scale', be.matmul(unitBatched, unitBatched, { transB: true }), null, 1 / tau); // (W, T, T)
    const all = this.logSumExp(similarity, this.maskAll);
    const pos = this.logSumExp(similarity, this.maskPositive);
    const perAnchor = be.elementwise('mul', be.elementwise('add', all.lse, pos.lse, 1, -1), this.anchorWeight); // (W, T, 1)
    const loss = be.reduce('sum', reshape(be, perAnchor, { rows: 1, cols: W * T }), 'all');
    // ∂ℓ/∂s = softmax over j ≠ n − softmax over positives; s = ûûᵀ/τ ⇒ ∂/∂û = (G + Gᵀ)û/τ
    const dSim = be.elementwise('mul', be.elementwise('add', all.softmax, pos.softmax, 1, -1), this.anchorWeight, 1 / tau);
    const dUnitBatched = be.elementwise('add', be.matmul(dSim, unitBatched), be.matmul(dSim, unitBatched, { transA: true }));
    const dUnit = reshape(be, dUnitBatched, { rows: W * T, cols: k });
    // through û = z/‖z‖: ∂/∂z = (∂/∂û − û(û·∂/∂û))/‖z‖
    const radial = be.reduce('sum', be.elementwise('mul', unit, dUnit), 'perRow');
    const dzw = be.elementwise('div', be.elementwise('add', dUnit, be.elementwise('mul', unit, radial), 1, -1), norms);
    return { loss, grad: gatherRows(be, dzw, this.toTimeMajor, 0, W * T) };
  }

  /** Row-wise log Σ exp over the entries the additive mask keeps, and the matching softmax: (W, T, T) → lse (W, T, 1). */
  private logSumExp(s: Tensor, mask: Tensor): { lse: Tensor; softmax: Tensor } {
    const be = this.be;
    const masked = be.elementwise('add', s, mask);
    const top = be.reduce('max', masked, 'perRow');
    const lse = be.elementwise('add', be.elementwise('log', be.reduce('sum', be.elementwise('exp', be.elementwise('add', masked, top, 1, -1)), 'perRow')), top);
    return { lse, softmax: be.elementwise('exp', be.elementwise('add', masked, lse, 1, -1)) };
  }

  dispose(): void {
    for (const t of [this.toWindowMajor, this.toTimeMajor, this.maskAll, this.maskPositive, this.anchorWeight]) this.be.dispose(t);
  }
}
