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
    quick: { trajectories: 48, horizon: 6, hidden: 16, lr: 0.02, steps: 300 },
    default: {},
    named: [
      { id: 'no-information-terms', label: 'No information terms', note: 'α = β = 0: a plain Koopman autoencoder, to compare its entropy and eigenvalues.', config: { entropyWeight: 0, miWeight: 0 } },
      { id: 'strong-entropy', label: 'Strong entropy', note: 'β = 0.2: the latent variance is pushed toward isotropic, S → log k.', config: { entropyWeight: 0.2 } },
      { id: 'wide-latent', label: 'Latent k = 6', note: 'More latent directions than the three the dynamics need: watch the extra eigenvalues and the spectrum.', config: { latent: 6 } },
      { id: 'strong-mi', label: 'Strong mutual information', note: 'α = 0.5, m = 2: the InfoNCE term dominates; compare the latent spectrum with β’s effect.', config: { miWeight: 0.5, neighbourhood: 2 } },
    ],
  },
  plots: koopmanPlots,
  watchedMetrics: ['eig_error_edmd', 'eig_error_autoencoder', 'entropy', 'loss_decoder', 'loss_linearity'],
  card,
};
