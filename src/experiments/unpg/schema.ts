// The unpg page's knobs: the digits encoder, CosFace's scale and margin, UNPG's filter, the training and the FAR.
import { choice, int, real, seedField, type ConfigOf } from '../framework/fields';

export const FAR_VALUES = ['0.001', '0.01', '0.1'] as const;

export const unpgFields = {
  hidden: int('Encoder width', 64, 8, 256, { help: 'The encoder is a 64→width→d MLP (ReLU) trained here from scratch, once with CosFace and once with UNPG.' }),
  dim: int('Embedding dimension d', 16, 2, 64, { help: 'Embeddings are normalized to the unit sphere in ℝᵈ; similarities are cosines.' }),
  trainPerClass: int('Training digits per class', 130, 10, 140, { help: 'At most this many training samples per class (a quarter of each class is held out for verification pairs).' }),
  steps: int('Training steps', 400, 10, 5000, { help: 'Adam steps per loss; CosFace and UNPG see the same init and batches.' }),
  batchSize: int('Batch size', 64, 8, 256, { help: 'UNPG’s added negatives are the batch’s different-class pairs, so a bigger batch adds more of them.' }),
  lr: real('Learning rate', 0.01, 0.0001, 0.1, { log: true }),
  scale: real('Logit scale s', 30, 1, 64, { help: 'logit = s·(cos θ − m·[j = y]); the paper uses s = 64 for CosFace.' }),
  margin: real('Cosine margin m', 0.35, 0, 0.8, { help: 'CosFace’s additive margin on the target cosine.' }),
  whisker: real('Filter whisker w', 1.5, 0, 10, { help: 'Negative pairs outside [Q1 − w·IQR, Q3 + w·IQR] of the batch’s negatives are dropped as noisy (the paper: 1.5).' }),
  far: choice('False-accept rate', '0.01', FAR_VALUES, { help: 'The headline TAR is read at this FAR over all held-out negative pairs.' }),
  seed: seedField(),
};

export type UnpgConfig = ConfigOf<typeof unpgFields>;
