// The rerouting page's knobs: the digits classifier, the source/target classes, the subspaces and the two attacks.
import { int, real, seedField, type ConfigOf } from '../framework/fields';

export const reroutingFields = {
  hidden: int('Hidden width', 64, 8, 128, { help: 'A 64→width→width→10 ReLU MLP is trained on digits; hidden states are its first ReLU layer.' }),
  trainSteps: int('Training steps', 1500, 10, 5000, { help: 'Adam steps (lr 0.01, batch 32) for the classifier.' }),
  source: int('Source digit (“refusal”)', 1, 0, 9, { help: 'The attacked test digits are correctly classified samples of this class.' }),
  target: int('Target digit (“acceptance”)', 7, 0, 9, { help: 'All three attacks try to make the model answer this class.' }),
  k: int('Subspace dimension k', 4, 1, 16, { help: 'Each class subspace is spanned by the top-k right singular vectors of that class’s training hidden states.' }),
  samples: int('Attacked samples', 100, 1, 200, { help: 'At most this many correctly classified test digits of the source class.' }),
  steps: int('Attack steps', 40, 1, 2000, { help: 'Normalized gradient steps for each attack; a sample stops moving once the model answers the target.' }),
  stepSize: real('Step size η (pixels, ℓ2)', 0.1, 0.001, 2, { log: true, help: 'Each step moves the input by η in ℓ2 (pixels lie in [0, 1], a digit has 64).' }),
  seed: seedField(),
};

export type ReroutingConfig = ConfigOf<typeof reroutingFields>;
