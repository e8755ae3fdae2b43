// The sparse-lowrank page's knobs: the digits MLP, SLTrain's rank and density (which set the budget), LOST, training.
import { choice, int, multi, real, seedField, type ConfigOf } from '../framework/fields';

export const sparseLowRankFields = {
  hidden: int('Hidden units', 64, 8, 256, { help: 'Width of every hidden layer.' }),
  hiddenLayers: choice('Hidden layers', '2', ['1', '2', '3'], { help: '64 → hidden (→ hidden …) → 10; the hidden matrices are factored, the 10-way head stays dense.' }),
  activation: choice('Activation', 'relu', ['relu', 'gelu', 'tanh']),
  variants: multi('Variants', ['dense', 'lowrank', 'sltrain', 'lost'], [
    { value: 'dense', label: 'dense (full rank, the reference)' },
    { value: 'lowrank', label: 'low-rank BA' },
    { value: 'sltrain', label: 'SLTrain: BA + random fixed-support S' },
    { value: 'lost', label: 'LOST: SVD split, channel-sparse S' },
  ]),
  rank: int('SLTrain rank r', 8, 1, 256, { help: 'SLTrain’s count r(m+n) + ⌊δmn⌋ per matrix sets the budget; low-rank and LOST get the ranks that come closest.' }),
  density: real('SLTrain density δ', 0.03, 0, 0.5, { help: 'Fraction of each matrix on S’s random support, drawn once and never changed (SLTrain: 0.03).' }),
  scale: real('Scale α/r', 0.25, 0.01, 16, { log: true, help: 'W = (α/r)·B·A (+ S) for low-rank and SLTrain, the same α/r for both (SLTrain’s 60M run: α = 32, r = 128, so 0.25). LOST starts from the SVD of W₀ with scale 1.' }),
  lostDensity: real('LOST channel density', 0.03, 0, 0.5, { help: 'Fraction of input channels (columns) whose residual goes to LOST’s sparse part.' }),
  lr: real('Learning rate (Adam)', 0.005, 1e-5, 1, { log: true }),
  batchSize: int('Batch size', 32, 1, 512),
  steps: int('Steps', 1500, 10, 100000, { log: true }),
  reportEvery: int('Report every (steps)', 50, 10, 10000, { help: 'One GPU→CPU readback per report.' }),
  testFraction: real('Test fraction', 0.2, 0.05, 0.5),
  trainPerClass: int('Training samples per class', 0, 0, 200, { help: '0 keeps every training sample.' }),
  layer: int('Spectrum of hidden layer', 1, 1, 3, { help: 'Which hidden weight matrix the spectrum plots show (re-plots without a new run).' }),
  seed: seedField(),
};

export type SparseLowRankConfig = ConfigOf<typeof sparseLowRankFields>;
