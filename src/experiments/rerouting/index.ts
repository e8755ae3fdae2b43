// The rerouting experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { reroutingFields } from './schema';
import { reroutingPlots } from './plots';
import card from './card.md?raw';

export const reroutingExperiment: ExperimentMeta<typeof reroutingFields> = {
  id: 'rerouting',
  title: 'Subspace rerouting (a toy adversarial attack)',
  papers: [paper('Using Mechanistic Interpretability to Craft Adversarial Attacks against Large Language Models')],
  fields: reroutingFields,
  presets: {
    // Sized for the software adapter: 24 digits, 24 steps for each of the three attacks, a short training run.
    quick: { hidden: 32, trainSteps: 300, samples: 24, steps: 24 },
    default: {},
    named: [
      { id: 'one-direction', label: 'One direction per class', note: 'k = 1: each class is its top singular direction of hidden states, like a single steering direction.', config: { k: 1 } },
      { id: 'four-to-nine', label: '4 → 9', note: 'Attack fours towards nines instead of ones towards sevens.', config: { source: 4, target: 9 } },
    ],
  },
  plots: reroutingPlots,
  watchedMetrics: ['success_reroute', 'success_logit', 'norm_reroute', 'norm_logit'],
  card,
};
