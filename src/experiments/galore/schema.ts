// The galore page's knobs: the digits MLP, the optimizers to race, the projection rank/gap/scale and each variant's settings.
import { choice, int, multi, real, seedField, type ConfigOf } from '../framework/fields';

export const OPTIMIZER_CHOICES = [
  { value: 'adam', label: 'Adam (full)' },
  { value: 'galore', label: 'GaLore (SVD)' },
  { value: 'dct', label: 'DCT (SVD-free)' },
  { value: 'fira', label: 'Fira' },
  { value: 'qgalore', label: 'Q-GaLore (int8 W, int4 P, lazy)' },
] as const;

export const galoreFields = {
  hidden: int('Hidden units', 256, 4, 512, { help: 'Width of every hidden layer of the MLP 64 → hidden (× depth) → 10.' }),
  depth: int('Hidden layers', 2, 1, 3),
  optimizers: multi('Optimizers', ['adam', 'galore', 'dct', 'fira', 'qgalore'], OPTIMIZER_CHOICES, { help: 'All start from the same weights and see the same mini-batches.' }),
  rank: int('Rank r', 16, 1, 512, { help: 'Projection rank per weight matrix. A layer whose smaller side is ≤ r is not projected (identity), so it trains exactly like Adam.' }),
  gap: int('Refresh every T steps', 50, 1, 5000, { help: 'Steps between subspace refreshes (SVD, or DCT column selection).' }),
  scale: real('Scale α', 1, 0.01, 4, { help: 'GaLore multiplies the projected-back step by α (the paper uses 0.25 with a larger learning rate).' }),
  lr: real('Learning rate', 0.002, 1e-5, 1, { log: true }),
  batchSize: int('Batch size', 64, 1, 512),
  steps: int('Steps', 600, 10, 100000, { log: true }),
  reportEvery: int('Report every (steps)', 20, 10, 10000, { help: 'Metrics are read back from the GPU only this often.' }),
  svdMethod: choice('SVD', 'auto', [
    { value: 'auto', label: 'auto (randomized when r is small)' },
    { value: 'jacobi', label: 'one-sided Jacobi' },
    { value: 'randomized', label: 'randomized' },
  ]),
  dctNorm: choice('DCT column score', 'l1', [
    { value: 'l1', label: 'ℓ1 norm of G·Q’s columns (official default)' },
    { value: 'l2', label: 'ℓ2 norm' },
  ], { visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('dct') }),
  quantGroups: choice('Q-GaLore int4 scales', 'row', [
    { value: 'row', label: 'one per row of the projection' },
    { value: 'tensor', label: 'one per matrix' },
  ], { visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('qgalore') }),
  qgaloreWeights: choice('Q-GaLore weights', 'int8', [
    { value: 'int8', label: 'INT8 with stochastic rounding (the paper)' },
    { value: 'float32', label: 'float32 (int4 projection only)' },
  ], {
    help: 'INT8: after every step each weight matrix is stored again as SR((w̃ + Δ)/scale) in int8; biases stay float32.',
    visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('qgalore'),
  }),
  weightGroups: choice('Q-GaLore int8 weight scales', 'row', [
    { value: 'row', label: 'one per row of the weight' },
    { value: 'tensor', label: 'one per matrix' },
  ], { visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('qgalore') && c.qgaloreWeights === 'int8' }),
  cosThreshold: real('Q-GaLore agreement threshold', 0.4, 0, 1, {
    help: 'When the mean |cos| between successive top singular vectors over the queue reaches this, T doubles.',
    visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('qgalore'),
  }),
  queueSize: int('Q-GaLore queue length', 3, 1, 20, { visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('qgalore') }),
  gammaProj: real('Q-GaLore gap growth γ', 2, 1, 8, { visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('qgalore') }),
  firaGamma: real('Fira limiter γ', 1.01, 1, 2, { help: 'Largest allowed growth of the scaled residual’s norm per step.', visibleWhen: (c) => Array.isArray(c.optimizers) && c.optimizers.includes('fira') }),
  weloreSteps: int('WeLore fine-tuning steps', 200, 0, 10000, { help: 'After the race: fine-tune the GaLore-trained net on one-pixel-shifted digits (WeLore, LoRA, full). 0 skips the section.' }),
  weloreThreshold: real('WeLore threshold', 0.3, 0, 1, { help: 'A layer keeps the singular values with (σ − min)/(max − min) ≥ this; it is a low-rank component when those factors are smaller than W.', visibleWhen: (c) => Number(c.weloreSteps) > 0 }),
  weloreLr: real('WeLore fine-tuning learning rate', 0.005, 1e-5, 1, { log: true, visibleWhen: (c) => Number(c.weloreSteps) > 0 }),
  trainPerClass: int('Training samples per class', 0, 0, 200, { help: '0 keeps every training sample.' }),
  testFraction: real('Test fraction', 0.2, 0.05, 0.5),
  seed: seedField(),
};

export type GaloreConfig = ConfigOf<typeof galoreFields>;
