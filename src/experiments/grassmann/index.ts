// The grassmann experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { grassmannFields } from './schema';
import { grassmannPlots } from './plots';
import card from './card.md?raw';

export const grassmannExperiment: ExperimentMeta<typeof grassmannFields> = {
  id: 'grassmann',
  title: 'Classes as subspaces (Grassmann class representation)',
  papers: [paper('Get the Best of Both Worlds: Improving Accuracy and Transferability by Grassmann Class Representation')],
  fields: grassmannFields,
  presets: {
    // Sized for the software adapter: a short trunk run and five short head runs (120 steps each), all on the backend.
    quick: { trunkSteps: 40, trainPerClass: 50, headSteps: 120 },
    default: {},
    named: [
      { id: 'wide-features', label: 'Roomier features', note: 'd = 48: ten 8-dimensional subspaces can now be nearly orthogonal.', config: { dim: 48 } },
      { id: 'cold', label: 'Low logit scale', note: 'γ = 3: the softmax is too soft and every k suffers.', config: { gamma: 3 } },
    ],
  },
  plots: grassmannPlots,
  liveFields: ['heatmapK'],
  watchedMetrics: ['accuracy', 'variability', 'train_loss'],
  card,
};
