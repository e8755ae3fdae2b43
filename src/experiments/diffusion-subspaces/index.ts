// The diffusion-subspaces experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { diffusionSubspacesFields } from './schema';
import { diffusionSubspacesPlots } from './plots';
import card from './card.md?raw';

export const diffusionSubspacesExperiment: ExperimentMeta<typeof diffusionSubspacesFields> = {
  id: 'diffusion-subspaces',
  title: 'Diffusion models as subspace clustering',
  papers: [paper('Diffusion Models Learn Low-Dimensional Distributions via Subspace Clustering')],
  fields: diffusionSubspacesFields,
  presets: {
    // Sized for the software adapter (SwiftShader): the paper's D = 48 and d = 7, one trial, N up to d + 2, a small test set.
    quick: { maxPerClass: 9, trials: 1, refine: 1, testPerClass: 16 },
    default: {},
    named: [
      { id: 'three-subspaces', label: 'Three subspaces', note: 'K = 3 subspaces of dimension 5 in R^48: the transition stays at N = d per class.', config: { components: 3, dim: 5, maxPerClass: 10 } },
      { id: 'higher-dim', label: 'Higher intrinsic dimension', note: 'd = 12: the samples needed grow with d, not with D = 48.', config: { dim: 12, maxPerClass: 16, trials: 2 } },
      { id: 'noisy', label: 'Noisy samples', note: 'Noise 0.05 per coordinate: the error no longer hits 0 but still drops sharply at N ≈ d.', config: { noise: 0.05 } },
    ],
  },
  plots: diffusionSubspacesPlots,
  watchedMetrics: ['error_oracle', 'error_cluster', 'denoise_true', 'denoise_large'],
  card,
};
