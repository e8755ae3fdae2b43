// The intrinsic-dimension page's knobs: the digits MLP, its training, the sweep of subspace sizes d, the paper's toy.
import { choice, flag, int, multi, real, seedField, type ConfigOf } from '../framework/fields';

/** Subspace sizes offered for the sweep (strings, as multi-choice values are). */
export const D_CHOICES = ['10', '20', '50', '100', '150', '200', '300', '400', '600', '800', '1200', '1600', '2400'] as const;
/** Toy subspace sizes: around the toy's intrinsic dimension of 10. */
export const TOY_D_CHOICES = ['2', '5', '8', '9', '10', '11', '12', '15', '20', '50'] as const;

export const intrinsicDimensionFields = {
  hidden: int('Hidden units', 32, 4, 256, { help: 'The MLP is 64 → hidden → 10; D counts all its weights and biases.' }),
  activation: choice('Activation', 'relu', ['relu', 'gelu', 'tanh']),
  optimizer: choice('Optimizer', 'adam', [
    { value: 'adam', label: 'Adam' },
    { value: 'sgd', label: 'SGD with momentum 0.9' },
  ]),
  lr: real('Learning rate (full training)', 0.01, 1e-5, 1, { log: true, help: 'For training all D parameters directly.' }),
  subspaceLr: real('Learning rate (subspace)', 0.05, 1e-5, 10, {
    log: true,
    help: 'For the d trainable coordinates. A unit-length step in z moves θ by about the same length, so this is usually larger than the full-training rate; with raw N(0,1) columns divide it by about √D.',
  }),
  batchSize: int('Batch size', 32, 1, 512),
  steps: int('Steps per run', 1500, 10, 100000, { log: true, help: 'Each run (full training and every d) trains this many mini-batch steps.' }),
  reportEvery: int('Report every (steps)', 50, 10, 10000, { help: 'Metrics are read back from the GPU only this often (at least every 10 steps).' }),
  projection: choice('Projection P', 'unit', [
    { value: 'unit', label: 'dense, unit-length columns (paper)' },
    { value: 'gaussian', label: 'dense, raw N(0,1) entries (official repo’s draw)' },
    { value: 'fastfood', label: 'Fastfood H·G·Π·H·B (official, memory O(D))' },
  ], { help: 'How the random d-dimensional subspace of the D-dimensional weight space is drawn.' }),
  dValues: multi('Subspace sizes d', ['10', '20', '50', '100', '150', '200', '300', '400', '800'], D_CHOICES, { help: 'Train only d coordinates for each of these (d ≤ D).' }),
  threshold: real('Success threshold', 0.9, 0.5, 1, { help: 'd_int is the smallest d reaching this fraction of the full model’s test accuracy (the paper’s 90%).' }),
  testFraction: real('Test fraction', 0.2, 0.05, 0.5, { help: 'Held out per class (stratified split).' }),
  trainPerClass: int('Training samples per class', 0, 0, 200, { help: '0 keeps every training sample; fewer make quick runs.' }),
  toy: flag('Run the paper’s toy', true, { help: '1000 parameters in 10 groups whose sums must hit 1…10: d_int is exactly 10.' }),
  toyDValues: multi('Toy subspace sizes', ['5', '9', '10', '11', '20'], TOY_D_CHOICES, { visibleWhen: (c) => c.toy === true }),
  toySteps: int('Toy steps (at most)', 3000, 100, 100000, { log: true, visibleWhen: (c) => c.toy === true, help: 'Full-batch heavy-ball SGD per toy run, stopped early once the loss sits on the lowest value its subspace allows.' }),
  seed: seedField(),
};

export type IntrinsicDimensionConfig = ConfigOf<typeof intrinsicDimensionFields>;
