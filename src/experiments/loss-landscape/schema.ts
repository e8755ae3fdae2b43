// The loss-landscape page's knobs: the digits MLP, SGD and SAF training, λ_max tracking, and the slices drawn.
import { choice, int, real, seedField, type ConfigOf } from '../framework/fields';

export const lossLandscapeFields = {
  hidden: int('Hidden units', 32, 4, 256, { help: 'The MLP is 64 → hidden → 10.' }),
  activation: choice('Activation', 'relu', ['relu', 'tanh'], { help: 'The exact Hessian-vector product is implemented for these two.' }),
  trainPerClass: int('Training samples per class', 0, 0, 200, { help: '0 keeps every training sample; the set is then trimmed to a multiple of the batch size.' }),
  testFraction: real('Test fraction', 0.2, 0.05, 0.5, { help: 'Held out per class (stratified split).' }),
  batchSize: int('Batch size', 32, 1, 512),
  epochs: int('Epochs', 30, 3, 500, { help: 'Both runs train this many epochs from the same start with the same batches.' }),
  lr: real('Learning rate', 0.1, 1e-4, 2, { log: true }),
  momentum: real('Momentum', 0.9, 0, 0.99),
  safLambda: real('SAF weight λ', 0.3, 0, 10, { help: 'Weight of the trajectory loss τ²·KL(past outputs ‖ current outputs). λ = 0 is plain SGD, exactly.' }),
  safTau: real('SAF temperature τ', 5, 0.1, 100, { log: true, help: 'Both output distributions are softened by τ (the official code uses 5).' }),
  safLag: int('SAF lag Ẽ (epochs)', 3, 1, 20, { help: 'The reference outputs are those recorded for the same samples this many epochs earlier (official: 3).' }),
  safStart: int('SAF starts after epoch', 5, 0, 500, { help: 'The trajectory loss is added in epochs after this one (official: 5).' }),
  hessianSamples: int('Hessian batch', 256, 16, 2048, { help: 'λ_max is measured on this many fixed training samples.' }),
  powerIters: int('Power iterations', 20, 2, 500, { help: 'Hessian-vector products per λ_max estimate (warm-started from the previous estimate’s vector).' }),
  hessianEvery: int('λ_max every (epochs)', 1, 1, 100),
  evalSamples: int('Slice samples', 400, 16, 2048, { help: 'Training samples the slices evaluate the loss on.' }),
  range: real('Random slice half-width', 1, 0.05, 5, { help: 'α, β ∈ [−w, w] along the filter-normalized directions (Li et al. use 1).' }),
  points1d: int('1-D slice points', 41, 5, 201),
  grid: int('2-D grid points per axis', 21, 5, 61, { help: 'Both 2-D slices evaluate grid² nets, in batches.' }),
  surfaceRun: choice('Surface of', 'sgd', [
    { value: 'sgd', label: 'SGD' },
    { value: 'saf', label: 'SAF' },
  ], { help: 'Which run’s random 2-D slice the surface plot shows.' }),
  seed: seedField(),
};

export type LossLandscapeConfig = ConfigOf<typeof lossLandscapeFields>;
