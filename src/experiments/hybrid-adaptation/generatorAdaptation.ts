// Few-shot hybrid adaptation of the generator on the backend: Adam on its weights under the directional subspace loss, no discriminator.
import type { Backend, Tensor } from '../../engine/backend';
import { Mlp } from '../../learn/mlp';
import { createOptimizer } from '../../learn/optimizers';
import { activationBackward, activationForward, linearForward } from '../../learn/layers';
import { disposeAll, twoLayerBackward, twoLayerForward, type TwoLayerWeights } from './twoLayerNet';
import { directionalSubspaceLoss, perpendicularDirections, subspaceDistances, type TargetSubspaces } from './directionalSubspaceLoss';

/** The frozen image encoder: f(x) = relu(x·Wᵀ + b) with W (F, 64), b (1, F) (a digit classifier's first layer). */
export type ImageEncoder = { W: Tensor; b: Tensor };

/** What adaptation reads and never changes (all owned by the caller). */
export type AdaptationSetup = {
  /** The source generator G (latent → 64). */
  source: TwoLayerWeights;
  encoder: ImageEncoder;
  targets: TargetSubspaces;
  /** (B, latent): the latents every step generates from. */
  trainLatents: Tensor;
  /** (n, latent) held-out latents and the source digit class each came from. */
  evalLatents: Tensor;
  evalLabels: Int32Array;
  /** A second, independent digit classifier (Mlp 64 → hidden → 10) that judges the class of generated images. */
  judge: { model: Mlp; weights: Tensor[] };
};

/** loss: the mean training loss since the previous report (null before the first step). */
export type AdaptationReport = { step: number; loss: number | null; distances: number[]; identity: number };

/** f(images): (B, 64) → (B, F). */
export function embed(be: Backend, encoder: ImageEncoder, images: Tensor): Tensor {
  return activationForward(be, linearForward(be, images, encoder.W, encoder.b), 'relu');
}

/**
 * The loss of generator weights `w` on `latents` and its gradient with respect to each weight, through the encoder.
 * @param sourceEmbeddings f(G(latents)) (B, F); directions v̂ (B, F)
 */
export function adaptationLossAndGrads(
  be: Backend, w: TwoLayerWeights, setup: Pick<AdaptationSetup, 'encoder' | 'targets'>, latents: Tensor, sourceEmbeddings: Tensor, directions: Tensor,
  distanceWeight: number, directionWeight: number,
): { loss: Tensor; grads: Tensor[] } {
  const gen = twoLayerForward(be, w, latents);
  const pre = linearForward(be, gen.out, setup.encoder.W, setup.encoder.b);
  const { loss, grad } = directionalSubspaceLoss(be, activationForward(be, pre, 'relu'), sourceEmbeddings, directions, setup.targets, distanceWeight, directionWeight);
  const dImages = be.matmul(activationBackward(be, pre, grad, 'relu'), setup.encoder.W);
  return { loss, grads: twoLayerBackward(be, w, gen.cache, dImages, false).grads };
}

/** Mean distance of f(G'(z)) to each target subspace over the held-out latents, and the judge's accuracy on G'(z). */
async function evaluate(be: Backend, w: TwoLayerWeights, setup: AdaptationSetup): Promise<{ distances: number[]; identity: number }> {
  const n = setup.evalLatents.rows;
  const [dist, argmax] = be.tidy(() => {
    const images = twoLayerForward(be, w, setup.evalLatents).out;
    const e = embed(be, setup.encoder, images);
    const cols = setup.targets.bases.map((P) => be.reduce('sum', subspaceDistances(be, e, P), 'all'));
    const logits = setup.judge.model.forward(be, setup.judge.weights, images).logits;
    return [cols, be.reduce('argmax', logits, 'perRow')] as const;
  });
  const values = await Promise.all([...dist, argmax].map((t) => be.read(t)));
  disposeAll(be, [...dist, argmax]);
  const predicted = values[values.length - 1];
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === setup.evalLabels[i]) correct++;
  return { distances: values.slice(0, -1).map((v) => v[0] / n), identity: correct / n };
}

/**
 * Copies the source generator and adapts the copy with Adam. Yields a report before the first step and every
 * `reportEvery` steps (one readback each); `adapted` holds the copy until dispose().
 */
export function startAdaptation(
  be: Backend, setup: AdaptationSetup, o: { steps: number; lr: number; distanceWeight: number; directionWeight: number; reportEvery: number },
) {
  const adapted = setup.source.map((t) => be.keep(be.elementwise('scale', t, null, 1, 0)));
  const [sourceEmbeddings, directions] = be.tidy(() => {
    const e = embed(be, setup.encoder, twoLayerForward(be, setup.source, setup.trainLatents).out);
    return [be.keep(e), be.keep(perpendicularDirections(be, e, setup.targets))];
  });
  const optimizer = createOptimizer(be, { kind: 'adam', lr: o.lr });
  let lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));

  async function* run(signal?: AbortSignal): AsyncGenerator<AdaptationReport> {
    yield { step: 0, loss: null, ...(await evaluate(be, adapted, setup)) };
    for (let step = 1; step <= o.steps; step++) {
      if (signal?.aborted) return;
      const next = be.tidy(() => {
        const { loss, grads } = adaptationLossAndGrads(be, adapted, setup, setup.trainLatents, sourceEmbeddings, directions, o.distanceWeight, o.directionWeight);
        optimizer.step(adapted, grads);
        return be.keep(be.elementwise('add', lossSum, loss));
      });
      be.dispose(lossSum);
      lossSum = next;
      if (step % o.reportEvery === 0 || step === o.steps) {
        const since = step % o.reportEvery === 0 ? o.reportEvery : step % o.reportEvery;
        const [sum, metrics] = await Promise.all([be.read(lossSum), evaluate(be, adapted, setup)]);
        be.dispose(lossSum);
        lossSum = be.keep(be.fill({ rows: 1, cols: 1 }, 0));
        yield { step, loss: sum[0] / since, ...metrics };
      }
    }
  }

  /** ‖θ' − θ‖ / ‖θ‖ over all generator weights. */
  async function relativeChange(): Promise<number> {
    const [diff, norm] = be.tidy(() => {
      const sq = (ts: Tensor[]) => ts.map((t) => be.reduce('sumSquares', t, 'all')).reduce((a, b) => be.elementwise('add', a, b));
      return [sq(adapted.map((t, i) => be.elementwise('add', t, setup.source[i], 1, -1))), sq(setup.source)];
    });
    const [d, n] = await Promise.all([be.read(diff), be.read(norm)]);
    disposeAll(be, [diff, norm]);
    return Math.sqrt(d[0] / n[0]);
  }

  return {
    adapted,
    run,
    relativeChange,
    dispose: () => {
      disposeAll(be, [...adapted, sourceEmbeddings, directions, lossSum]);
      optimizer.dispose();
    },
  };
}
