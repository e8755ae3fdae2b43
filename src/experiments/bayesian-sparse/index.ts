// The bayesian-sparse experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { bayesianSparseFields } from './schema';
import { bayesianSparsePlots } from './plots';
import card from './card.md?raw';

export const bayesianSparseExperiment: ExperimentMeta<typeof bayesianSparseFields> = {
  id: 'bayesian-sparse',
  title: 'Sparse subspace variational inference (SSVI)',
  papers: [paper('Training Bayesian Neural Networks with Sparse Subspace Variational Inference')],
  fields: bayesianSparseFields,
  presets: {
    // Sized for the software adapter (SwiftShader): 600 training digits, 150 steps per training, two sweep densities.
    quick: { densities: ['0.05'], steps: 150, reportEvery: 30, updateEvery: 30, trainPerClass: 60, evalSamples: 4, batchSize: 32 },
    default: {},
    named: [
      { id: 'very-sparse', label: 'Density 2%', note: 'About 100 Gaussians for the whole network: SSVI still learns, the pruned dense BNN collapses.', config: { density: 0.02, densities: ['0.02', '0.05', '0.1'] } },
      { id: 'no-swaps', label: 'Frozen support', note: 'Swap fraction 0: the random initial support never changes, so the remove/add step is all that differs.', config: { swapFraction: 0 } },
      { id: 'full-density', label: 'Density 100%', note: 'At 100% SSVI is dense mean-field VI step for step: the two curves coincide.', config: { density: 1, densities: ['1'] } },
      { id: 'tight-prior', label: 'Tight prior', note: 'σ_p = 0.05 pulls every μ toward 0: the KL dominates and predictions get less confident.', config: { priorSigma: 0.05 } },
    ],
  },
  plots: bayesianSparsePlots,
  watchedMetrics: ['elbo_ssvi', 'elbo_dense', 'test_nll_ssvi', 'test_nll_dense'],
  card,
};
