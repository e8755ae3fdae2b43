// The hybrid-adaptation page's knobs: the source generator, the two few-shot target domains, the directional subspace loss.
import { int, real, seedField, type ConfigOf } from '../framework/fields';

export const hybridAdaptationFields = {
  latent: int('Latent dimension', 8, 2, 32, { help: 'The autoencoder maps 8×8 digits to this many numbers; its decoder is the source generator.' }),
  hidden: int('Hidden width', 32, 8, 128, { help: 'Width of the generator, the autoencoder’s encoder and the two digit classifiers.' }),
  pretrainSteps: int('Pretraining steps', 600, 20, 5000, { help: 'Adam steps (batch 32) for the autoencoder and for each digit classifier, all on source digits.' }),
  shots: int('Shots per domain', 10, 2, 40, { help: 'How many example images each target domain gives (thick strokes, slanted digits).' }),
  rank: int('Subspace rank r', 9, 1, 32, { help: 'Each domain is the span of the top r right singular vectors of its encoded shots (at most the number of shots).' }),
  distanceWeight: real('Distance-loss weight λ_dist', 1, 0, 10, { help: 'Pulls generated embeddings toward every target subspace. At 0 the generator does not move.' }),
  directionWeight: real('Direction-loss weight λ_dir', 1, 0, 10, { help: 'Penalizes the part of each move that is not along the perpendicular from the source embedding to the subspaces.' }),
  weightA: real('Weight of domain A (thick)', 0.5, 0, 1, { help: 'α_A; domain B (slanted) gets 1 − α_A. 0.5 asks for the hybrid.' }),
  steps: int('Adaptation steps', 300, 10, 5000, { help: 'Adam steps on the generator’s weights, each on the same batch of source latents.' }),
  lr: real('Learning rate', 0.003, 0.0001, 0.1, { log: true }),
  seed: seedField(),
};

export type HybridAdaptationConfig = ConfigOf<typeof hybridAdaptationFields>;
