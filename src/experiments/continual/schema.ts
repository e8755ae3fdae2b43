// The continual page's knobs: the shared MLP, training per task, and CoSO's ranks, refresh gap and history threshold.
import { choice, int, real, seedField, type ConfigOf } from '../framework/fields';

export const continualFields = {
  hidden: int('Hidden units', 64, 8, 256, { help: 'Width of the shared hidden layers: MLP 64 → hidden (× depth) → one 2-way head per task.' }),
  depth: int('Hidden layers', 2, 1, 3),
  stepsPerTask: int('Steps per task', 150, 10, 10000, { log: true }),
  batchSize: int('Batch size', 32, 1, 256),
  lr: real('Learning rate (shared layers)', 0.002, 1e-5, 1, { log: true }),
  headLr: real('Learning rate (heads)', 0.01, 1e-5, 1, { log: true, help: 'Each task’s head trains with plain Adam in both methods.' }),
  projRank: int('Current subspace rank r₁', 6, 1, 64, { help: 'CoSO optimizes each shared layer in the top-r₁ left singular vectors of its (history-projected) gradient.' }),
  sketchRank: int('Sketch rank r₂', 8, 1, 64, { help: 'Directions the frequent-directions sketch keeps per task.' }),
  gap: int('Refresh every T steps', 10, 1, 1000, { help: 'Steps between SVDs of the gradient (new current subspace, sketch update).' }),
  threshold: real('History energy threshold', 0.99, 0.05, 0.999, { help: 'At task end, the sketch’s leading directions holding this fraction of its energy join the historical subspace.' }),
  svdMethod: choice('SVD', 'auto', [
    { value: 'auto', label: 'auto' },
    { value: 'jacobi', label: 'one-sided Jacobi' },
    { value: 'randomized', label: 'randomized' },
  ]),
  reportEvery: int('Report every (steps)', 50, 10, 10000, { help: 'Training losses are read back this often; accuracies after every task.' }),
  trainPerClass: int('Training samples per class', 0, 0, 200, { help: '0 keeps every training sample.' }),
  testFraction: real('Test fraction', 0.2, 0.05, 0.5),
  seed: seedField(),
};

export type ContinualConfig = ConfigOf<typeof continualFields>;
