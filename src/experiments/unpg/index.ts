// The unpg experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { unpgFields } from './schema';
import { unpgPlots } from './plots';
import card from './card.md?raw';

export const unpgExperiment: ExperimentMeta<typeof unpgFields> = {
  id: 'unpg',
  title: 'Unified negative pairs for a cosine-margin classifier (UNPG, toy)',
  papers: [paper('Unified Negative Pair Generation toward Well-discriminative Feature Space for Face Recognition')],
  fields: unpgFields,
  presets: {
    // Sized for the software adapter: a narrow encoder, 60 training digits per class, 120 steps per loss.
    quick: { hidden: 32, trainPerClass: 60, steps: 120, batchSize: 48 },
    default: {},
    named: [
      { id: 'no-filter', label: 'No filter', note: 'w = 10: nearly every mini-batch negative pair is kept, outliers included.', config: { whisker: 10 } },
      { id: 'big-batch', label: 'Bigger batch', note: 'Batch 128: UNPG adds about four times as many negative pairs per step.', config: { batchSize: 128 } },
    ],
  },
  plots: unpgPlots,
  watchedMetrics: ['loss_cosface', 'loss_unpg', 'tar_cosface', 'tar_unpg'],
  card,
};
