// Everything the adaptation starts from: digits, the source generator, the frozen encoder and judge, the few shots and their subspaces.
import type { Backend, Tensor } from '../../engine/backend';
import { loadDigits } from '../../data/datasets';
import { Mlp } from '../../learn/mlp';
import { splitDigits } from '../../learn/digitsSplit';
import { uploadDataset, type DeviceDataset } from '../../learn/trainer';
import { trainFromScratch } from '../../learn/trainFromScratch';
import { svd } from '../../linalg/svd';
import type { RunContext } from '../framework/types';
import type { HybridAdaptationConfig } from './schema';
import { DOMAINS, domainShots } from './domains';
import { trainSourceAutoencoder, type SourceAutoencoder } from './sourceAutoencoder';
import { embed, type AdaptationSetup } from './generatorAdaptation';
import { disposeAll, twoLayerForward } from './twoLayerNet';

/** Latents the generator is adapted on (encoded training digits) and at most this many held-out ones it is scored on. */
const TRAIN_LATENTS = 64;
const EVAL_LATENTS = 100;

export type SourceWorld = {
  setup: AdaptationSetup;
  /** Host copies of each domain's shots, (shots, 64) row-major, in DOMAINS order. */
  shots: Float64Array[];
  /** Singular values of each domain's encoded shots (all of them, descending). */
  shotSpectra: number[][];
  autoencoderMse: number;
  encoderAccuracy: number;
  judgeAccuracy: number;
  dispose(): void;
};

/** Spans of the top-r right singular vectors of each domain's encoded shots: orthonormal bases (F, r), owned by the caller. */
export async function fitDomainSubspaces(be: Backend, embeddings: Tensor[], rank: number): Promise<{ bases: Tensor[]; spectra: number[][] }> {
  const bases: Tensor[] = [];
  const spectra: number[][] = [];
  for (const e of embeddings) {
    const { U, S, V } = await svd(be, e);
    bases.push(be.keep(be.slice(V, 0, 0, V.rows, rank)));
    spectra.push(Array.from(S));
    disposeAll(be, [U, V]);
  }
  return { bases, spectra };
}

export async function buildSourceWorld(ctx: RunContext, config: HybridAdaptationConfig): Promise<SourceWorld> {
  const be = ctx.backend;
  const { hidden, latent, shots, rank, seed } = config;
  if (rank > shots) throw new RangeError(`the subspace rank r = ${rank} cannot exceed the shots per domain (${shots})`);
  if (rank > hidden) throw new RangeError(`the subspace rank r = ${rank} cannot exceed the embedding width (${hidden})`);
  const digits = splitDigits(await loadDigits(ctx.data), { testFraction: 0.25, seed });
  const owned: Tensor[] = [];
  const datasets: DeviceDataset[] = [];
  let ae: SourceAutoencoder | null = null;
  try {
    const train = uploadDataset(be, digits.trainX, digits.trainY, 64);
    datasets.push(train);
    const test = uploadDataset(be, digits.testX, digits.testY, 64);
    datasets.push(test);
    ae = await trainSourceAutoencoder(be, train.X, test.X, { hidden, latent, steps: config.pretrainSteps, seed, signal: ctx.signal });
    const classifier = () => new Mlp([64, hidden, 10]);
    const encoderNet = await trainFromScratch(be, classifier(), train, test, { steps: config.pretrainSteps, seed: seed + 1, signal: ctx.signal });
    owned.push(...encoderNet.weights);
    const judgeNet = await trainFromScratch(be, classifier(), train, test, { steps: config.pretrainSteps, seed: seed + 2, signal: ctx.signal });
    owned.push(...judgeNet.weights);
    const encoder = { W: encoderNet.weights[0], b: encoderNet.weights[1] };

    // held-out digits: the first 2·shots give the two domains' shots, the next ones the scored latents
    const nEval = Math.min(EVAL_LATENTS, digits.nTest - 2 * shots);
    const shotRows = DOMAINS.map((_, d) => Array.from({ length: shots }, (_, i) => d * shots + i));
    const shotImages = DOMAINS.map((dom, d) => domainShots(digits.testX, shotRows[d], dom.transform));
    const shotEmbeddings = shotImages.map((x) => be.keep(be.tidy(() => embed(be, encoder, be.upload(x, { rows: shots, cols: 64 })))));
    owned.push(...shotEmbeddings);
    const { bases, spectra } = await fitDomainSubspaces(be, shotEmbeddings, rank);
    owned.push(...bases);
    const latentsOf = (X: Tensor, from: number, count: number) => be.keep(be.tidy(() => twoLayerForward(be, ae!.encoder, be.slice(X, from, 0, count, 64)).out));
    const trainLatents = latentsOf(train.X, 0, Math.min(TRAIN_LATENTS, digits.nTrain));
    owned.push(trainLatents);
    const evalLatents = latentsOf(test.X, 2 * shots, nEval);
    owned.push(evalLatents);
    // the digits are not needed once the latents exist
    for (const d of datasets.splice(0)) d.dispose();
    const weightA = config.weightA;
    const source = ae.decoder;
    const aeRef = ae;
    return {
      setup: {
        source, encoder, trainLatents, evalLatents,
        evalLabels: digits.testY.slice(2 * shots, 2 * shots + nEval),
        targets: { bases, alphas: [weightA, 1 - weightA] },
        judge: { model: classifier(), weights: judgeNet.weights },
      },
      shots: shotImages,
      shotSpectra: spectra,
      autoencoderMse: ae.testMse,
      encoderAccuracy: encoderNet.testAccuracy,
      judgeAccuracy: judgeNet.testAccuracy,
      dispose: () => {
        disposeAll(be, owned);
        aeRef.dispose();
      },
    };
  } catch (e) {
    disposeAll(be, owned);
    ae?.dispose();
    for (const d of datasets) d.dispose();
    throw e;
  }
}
