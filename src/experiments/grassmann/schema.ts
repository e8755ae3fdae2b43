// The grassmann page's knobs: the feature net, the subspace dimensions compared, the Riemannian SGD.
import { choice, int, multi, real, seedField, type ConfigOf } from '../framework/fields';

export const K_VALUES = ['1', '2', '4', '8'] as const;

export const grassmannFields = {
  hidden: int('Trunk width', 32, 8, 128, { help: 'A 64→width→10 MLP is trained on digits with softmax; its ReLU activations feed the GCR layer.' }),
  trunkSteps: int('Trunk steps', 200, 10, 2000, { help: 'Adam steps (batch 32) for the softmax MLP that provides the features.' }),
  trainPerClass: int('Training digits per class', 130, 10, 140, { help: 'At most this many training samples per class (a quarter of each class is held out for testing).' }),
  dim: int('Feature dimension d', 16, 4, 64, { help: 'A trainable linear layer maps the trunk’s features to d dimensions; class subspaces live in ℝᵈ.' }),
  ks: multi('Subspace dimensions k', [...K_VALUES], K_VALUES, { help: 'One GCR head per k, each trained from the same features.' }),
  gamma: real('Logit scale γ', 10, 1, 64, { help: 'logit_c = γ‖S_cᵀx̂‖; the norm is at most 1, so γ sets the softmax temperature.' }),
  headSteps: int('GCR steps', 400, 10, 5000, { help: 'Riemannian SGD steps per head (batch 64).' }),
  lr: real('Learning rate', 0.2, 0.001, 5, { log: true }),
  momentum: real('Momentum', 0.9, 0, 0.99),
  heatmapK: choice('Angles shown for k', '4', K_VALUES, { help: 'Which head’s principal angles the heatmap shows (redraws without a new run).' }),
  seed: seedField(),
};

export type GrassmannConfig = ConfigOf<typeof grassmannFields>;
