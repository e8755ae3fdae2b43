// Many recovery runs advanced together on the backend: one forward and one adjoint matmul per iteration serve them all.
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import { reshape } from '../../learn/gatherKernels';
import { svdBatched } from '../../linalg/svd';
import { corruptedMeasurements, type RecoveryProblem } from './problem';
import { descentDirection, recoveryErrors, residuals } from './sensing';

/** One run: its loss (ℓ1 SubGM or ℓ2 GD), its initial scale α and the outlier fraction of the measurements it fits. */
export type RunSpec = { loss: 'l1' | 'l2'; alpha: number; outliers: number };

/** Step schedules: ℓ1 steps η₀ρᵗ (geometric decay, as the paper prescribes), ℓ2 a constant step. */
export type StepSchedule = { step: number; decay: number; stepL2: number };

/**
 * U_b ← U_b − D_b for every run b, from U_b = α_b·B. The runs share the sensing matrix; each has its own y column,
 * loss and step. State lives on the backend; only errors and singular values are read back, when asked.
 */
export class RecoveryBatch {
  private U: Tensor;
  private l1Weight: Tensor;
  private readonly l2Weight: Tensor;
  private readonly decay: Tensor;
  private readonly sensing: Tensor;
  private readonly y: Tensor;
  private readonly xStar: Tensor;
  readonly size: number;

  /**
   * @param init B (n, r) row-major, the direction shared by every initialization
   */
  constructor(private readonly be: Backend, problem: RecoveryProblem, init: Float64Array, readonly rank: number, readonly specs: RunSpec[], schedule: StepSchedule) {
    const { n, m } = problem;
    const B = specs.length;
    this.size = B;
    if (init.length !== n * rank) throw new RangeError(`RecoveryBatch: the initial direction has ${init.length} entries, expected n·r = ${n * rank}`);
    const u0 = new Float64Array(B * n * rank);
    specs.forEach((s, b) => init.forEach((v, i) => (u0[b * n * rank + i] = s.alpha * v)));
    const y = new Float64Array(m * B);
    specs.forEach((s, b) => corruptedMeasurements(problem, s.outliers).forEach((v, i) => (y[i * B + b] = v)));
    const row = (f: (s: RunSpec) => number) => be.upload(specs.map(f), { rows: 1, cols: B });
    this.U = be.upload(u0, { batch: B, rows: n, cols: rank });
    this.sensing = be.upload(problem.sensing, { rows: m, cols: n * n });
    this.y = be.upload(y, { rows: m, cols: B });
    this.xStar = be.upload(problem.xStar, { rows: n, cols: n });
    this.l1Weight = row((s) => (s.loss === 'l1' ? schedule.step : 0));
    this.l2Weight = row((s) => (s.loss === 'l2' ? schedule.stepL2 : 0));
    this.decay = row((s) => (s.loss === 'l1' ? schedule.decay : 1));
  }

  /** One iteration of every run: a subgradient (ℓ1) or gradient (ℓ2) step, then the ℓ1 steps shrink by ρ. */
  step(): void {
    const be = this.be;
    const [U, l1Weight] = be.tidy(() => {
      const r = residuals(be, this.sensing, this.y, this.U);
      const next = be.elementwise('add', this.U, descentDirection(be, this.sensing, r, this.U, this.l1Weight, this.l2Weight), 1, -1);
      return [next, be.elementwise('mul', this.l1Weight, this.decay)];
    });
    be.dispose(this.U);
    be.dispose(this.l1Weight);
    this.U = U;
    this.l1Weight = l1Weight;
  }

  /** ‖U_bU_bᵀ − X*‖_F per run (‖X*‖_F = 1, so also the relative error); one readback. */
  errors(): Promise<Float64Array> {
    return readAndDispose(this.be, recoveryErrors(this.be, this.U, this.xStar));
  }

  /**
   * Singular values of U_b for the first `count` runs, descending, by the device's batched Jacobi SVD.
   * @returns count arrays of r values
   */
  async singularValues(count: number): Promise<number[][]> {
    const be = this.be;
    const { rows: n, cols: r } = this.U;
    const first = be.tidy(() => reshape(be, be.slice(reshape(be, this.U, { rows: this.size * n, cols: r }), 0, 0, count * n, r), { batch: count, rows: n, cols: r }));
    try {
      const { U, S, V } = await svdBatched(be, first);
      be.dispose(U);
      be.dispose(V);
      return Array.from({ length: count }, (_, b) => Array.from(S.subarray(b * r, (b + 1) * r)));
    } finally {
      be.dispose(first);
    }
  }

  /** The factors of every run, (B, n, r) row-major (tests). */
  read(): Promise<Float64Array> {
    return this.be.read(this.U);
  }

  dispose(): void {
    for (const t of [this.U, this.l1Weight, this.l2Weight, this.decay, this.sensing, this.y, this.xStar]) this.be.dispose(t);
  }
}
