// The dynamic-subspaces page's knobs: the digits split, the learners (slice size, growth rule), the triplet loss and Adam.
import { int, real, seedField, type ConfigOf } from '../framework/fields';

export const dynamicSubspacesFields = {
  trainPerClass: int('Training digits per class', 130, 10, 140, { help: 'At most this many training images per class; a quarter of each class is held out for retrieval and clustering.' }),
  steps: int('Training steps', 600, 10, 5000, { help: 'Each step, every learner takes one Adam step on its own triplets; the single learner takes one on its own.' }),
  triplets: int('Triplets per learner per step', 64, 4, 256),
  dim: int('Slice dimension', 8, 2, 32, { help: 'Each learner embeds an image into a unit vector of this many dimensions; the embedding is the slices side by side.' }),
  maxLearners: int('Most learners', 4, 1, 8, { help: 'The run starts with one learner and adds one at each loss plateau, up to this many. The single learner gets a slice this many times as wide.' }),
  window: int('Plateau window (steps)', 25, 10, 500, { help: 'The mean loss is read once per window (the run’s only readback while training); a learner is added when it improved by less than the plateau threshold.' }),
  plateau: real('Plateau threshold', 0.05, 0, 1, { help: 'Relative improvement of the window’s mean loss below which the loss counts as flat.' }),
  margin: real('Triplet margin', 0.2, 0.01, 2, { help: 'L = max(0, ‖ê_a − ê_p‖² − ‖ê_a − ê_n‖² + margin) on unit slices (squared distances lie in [0, 4]).' }),
  lr: real('Learning rate (Adam)', 0.01, 0.0001, 0.5, { log: true }),
  seed: seedField(),
};

export type DynamicSubspacesConfig = ConfigOf<typeof dynamicSubspacesFields>;
