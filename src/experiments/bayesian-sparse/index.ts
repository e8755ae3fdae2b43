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
    // Sized for the software adapter (SwiftShader): 1000 training digits, 300 steps per training, densities 5% and 10%.
    quick: { densities: ['0.05'], steps: 300, reportEvery: 50, updateEvery: 50, trainPerClass: 100, evalSamples: 8, batchSize: 32 },
    default: {},
    named: [
      { id: 'very-sparse', label: 'Density 2%', note: 'About 96 Gaussians for the whole 4810-weight network; compare SSVI with the dense BNN pruned to 2, 5 and 10%.', config: { density: 0.02, densities: ['0.02', '0.05', '0.1'] } },
      { id: 'no-swaps', label: 'Frozen support', note: 'Swap fraction 0: the random initial support never changes, so the remove/add step is all that differs.', config: { swapFraction: 0 } },
      { id: 'full-density', label: 'Density 100%', note: 'At 100% SSVI is dense mean-field VI step for step: the two curves coincide.', config: { density: 1, densities: ['1'] } },
      { id: 'tight-prior', label: 'Tight prior', note: 'σ_p = 0.05: a stronger pull of every μ toward 0 through the KL; watch the ELBO and the reliability diagram.', config: { priorSigma: 0.05 } },
    ],
  },
  plots: bayesianSparsePlots,
  watchedMetrics: ['elbo_ssvi', 'elbo_dense', 'test_nll_ssvi', 'test_nll_dense'],
  card,
};
