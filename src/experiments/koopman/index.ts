// The koopman experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { koopmanFields } from './schema';
import { koopmanPlots } from './plots';
import card from './card.md?raw';

export const koopmanExperiment: ExperimentMeta<typeof koopmanFields> = {
  id: 'koopman',
  title: 'Koopman representations',
  papers: [paper('Information Shapes Koopman Representation')],
  fields: koopmanFields,
  presets: {
    // Sized for the software adapter (SwiftShader): 48 short windows, a 16-wide MLP, 300 full-batch steps.
    quick: { trajectories: 48, horizon: 6, hidden: 16, steps: 300 },
    default: {},
    named: [
      { id: 'no-information-terms', label: 'No information terms', note: 'α = β = 0: a plain Koopman autoencoder, to compare its entropy and eigenvalues.', config: { entropyWeight: 0, miWeight: 0 } },
      { id: 'simplicity-only', label: 'Simplicity only', note: 'α = 0.5, m = 2, β = 0: the InfoNCE term alone collapses the latent onto one dominant mode.', config: { miWeight: 0.5, neighbourhood: 2, entropyWeight: 0 } },
      { id: 'wide-latent', label: 'Latent k = 6', note: 'More latent directions than the three the dynamics need: watch the extra eigenvalues and the spectrum.', config: { latent: 6 } },
    ],
  },
  plots: koopmanPlots,
  watchedMetrics: ['eig_error_edmd', 'eig_error_autoencoder', 'entropy', 'loss_decoder', 'loss_linearity'],
  card,
};
