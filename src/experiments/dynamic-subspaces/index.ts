// The dynamic-subspaces experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { dynamicSubspacesFields } from './schema';
import { dynamicSubspacesPlots } from './plots';
import card from './card.md?raw';

export const dynamicSubspacesExperiment: ExperimentMeta<typeof dynamicSubspacesFields> = {
  id: 'dynamic-subspaces',
  title: 'Dynamic subspace learners with attention (toy analogue)',
  papers: [paper('Attention-based Dynamic Subspace Learners for Medical Image Analysis')],
  fields: dynamicSubspacesFields,
  presets: {
    // Sized for the software adapter (about 10 s there): 150 steps of 32 triplets per learner, 600 training digits.
    quick: { trainPerClass: 60, steps: 150, triplets: 32, window: 10 },
    default: {},
    named: [
      { id: 'one-learner', label: 'One learner only', note: 'Most learners = 1: the dynamic model is the single metric learner, step for step.', config: { maxLearners: 1 } },
      { id: 'eager', label: 'Eager growth', note: 'Plateau threshold 0.3: a window that cuts the loss by less than 30% counts as flat, so learners tend to join sooner.', config: { plateau: 0.3 } },
    ],
  },
  plots: dynamicSubspacesPlots,
  watchedMetrics: ['loss', 'single_loss', 'recall_at_1', 'nmi'],
  card,
};
