// The loss-landscape experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { lossLandscapeFields } from './schema';
import { lossLandscapePlots, surfaceFrame } from './plots';
import card from './card.md?raw';

export const lossLandscapeExperiment: ExperimentMeta<typeof lossLandscapeFields> = {
  id: 'loss-landscape',
  title: 'Loss landscapes and sharpness: SGD vs SAF',
  papers: [paper('Sharpness-Aware Training for Free'), paper('Visualizing the Loss Landscape of Neural Nets')],
  fields: lossLandscapeFields,
  presets: {
    // Sized for the software adapter (SwiftShader): 64-16-10, 300 samples, 8 epochs of 10 steps, 11×11 grids.
    quick: {
      hidden: 16, trainPerClass: 30, batchSize: 30, epochs: 8, lr: 0.1, safLag: 2, safStart: 2,
      hessianSamples: 100, powerIters: 10, hessianEvery: 2, evalSamples: 150, points1d: 21, grid: 11,
    },
    default: {},
    named: [
      { id: 'soft-targets', label: 'SAF λ = 1, τ = 2', note: 'A heavier, less softened trajectory loss: on digits this ends flatter than SGD by λ_max as well as by the 1-D slice.', config: { safLambda: 1, safTau: 2 } },
      { id: 'strong-saf', label: 'Stronger SAF', note: 'λ = 1: the trajectory loss dominates late training; λ_max drops further, the training loss stays higher.', config: { safLambda: 1 } },
      { id: 'large-batch', label: 'Large batches', note: 'Batch 256: large-batch SGD is known to end sharper; watch whether SAF pulls λ_max back down.', config: { batchSize: 256, lr: 0.1, epochs: 60 } },
      { id: 'tanh', label: 'tanh network', note: 'A smooth activation: the Hessian has a curvature term from f″ that ReLU lacks.', config: { activation: 'tanh' } },
      { id: 'fine-slices', label: 'Fine slices', note: '41×41 grids and 101-point 1-D slices (about 3,500 forward passes, batched).', config: { grid: 41, points1d: 101 } },
    ],
  },
  plots: lossLandscapePlots,
  liveFields: ['surfaceRun'],
  plots3d: true,
  sceneFrame: surfaceFrame,
  watchedMetrics: ['loss_sgd', 'loss_saf', 'lambda_sgd', 'lambda_saf'],
  card,
};
