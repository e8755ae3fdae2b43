// Trains the Koopman autoencoder on the device with Adam; reads back only at reports (plus the entropy's eigh when β ≠ 0).
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { createOptimizer, type Optimizer } from '../../learn/optimizers';
import { copySegment, uninitialized } from '../../learn/gatherKernels';
import { realEigenvalues, type ComplexValues } from '../../linalg/realEigenvalues';
import { initialWeights, mlpForward, weightShapes, type AutoencoderSize } from './koopmanAutoencoder';
import { koopmanLossAndGrads, type KoopmanWindows, type LossWeights } from './koopmanLoss';
import { TemporalInfoNce } from './temporalInfoNce';

/** What one report measured. */
export type TrainingReport = { decoderLoss: number; linearityLoss: number; infoNce: number; entropy: number; spectrum: number[] };

export type KoopmanTrainerOptions = { size: AutoencoderSize; lr: number; weights: LossWeights; neighbourhood: number; temperature: number };

/** Owns the weights, Adam's state and the InfoNCE constants; dispose() frees them all. */
export class KoopmanTrainer {
  readonly weights: Tensor[];
  private readonly optimizer: Optimizer;
  private readonly infoNce: TemporalInfoNce;

  constructor(private readonly be: Backend, private readonly data: KoopmanWindows, rng: Rng, private readonly o: KoopmanTrainerOptions) {
    this.infoNce = new TemporalInfoNce(be, data.windows, data.horizon + 1, o.neighbourhood, o.temperature);
    const shapes = weightShapes(o.size);
    this.weights = initialWeights(o.size, rng).map((v, i) => be.keep(be.upload(v, shapes[i])));
    this.optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
  }

  /** One Adam step on the full batch of windows; with `report`, also measures every term (one more readback). */
  async step(report: boolean): Promise<TrainingReport | null> {
    const { be, o } = this;
    const r = await koopmanLossAndGrads(be, this.weights, this.data, o.weights, report || o.weights.mutualInfo !== 0 ? this.infoNce : null, report);
    const scalars = [r.decoderLoss, r.linearityLoss, ...(r.infoNceLoss ? [r.infoNceLoss] : [])];
    try {
      be.tidy(() => this.optimizer.step(this.weights, r.grads));
      if (!report) return null;
      const [decoderLoss, linearityLoss, infoNce] = await Promise.all(scalars.map(async (t) => (await be.read(t))[0]));
      return { decoderLoss, linearityLoss, infoNce, entropy: r.entropy!, spectrum: r.spectrum! };
    } finally {
      for (const t of [...r.grads, ...scalars]) be.dispose(t);
    }
  }

  /** The learned K (k×k, host) and its eigenvalues: the model's Koopman eigenvalues. */
  async eigenvalues(): Promise<ComplexValues> {
    const K = this.weights[this.weights.length - 1];
    return realEigenvalues(await this.be.read(K), K.rows);
  }

  /**
   * Long-horizon prediction: x̂_t = dec(enc(x₀)·Kᵗ), t = 0…steps, rolled out on the device, one readback.
   * @param starts (n, 2) initial states, row-major
   * @returns time-major ((steps+1)·n, 2): row t·n + i is trajectory i at step t
   */
  async predict(starts: Float64Array, steps: number): Promise<Float64Array> {
    const { be } = this;
    const [eW1, eb1, eW2, eb2, dW1, db1, dW2, db2, K] = this.weights;
    const n = starts.length / 2;
    const k = K.rows;
    const out = be.tidy(() => {
      let z = mlpForward(be, be.upload(starts, { rows: n, cols: 2 }), eW1, eb1, eW2, eb2).output;
      const latents = uninitialized(be, { rows: (steps + 1) * n, cols: k });
      for (let t = 0; t <= steps; t++) {
        if (t > 0) z = be.matmul(z, K);
        copySegment(be, z, 0, latents, t * n * k, n * k);
      }
      return mlpForward(be, latents, dW1, db1, dW2, db2).output;
    });
    try {
      return await be.read(out);
    } finally {
      be.dispose(out);
    }
  }

  dispose(): void {
    this.optimizer.dispose();
    this.infoNce.dispose();
    for (const t of this.weights) this.be.dispose(t);
  }
}
