// The hybrid-adaptation experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { hybridAdaptationFields } from './schema';
import { hybridAdaptationPlots } from './plots';
import card from './card.md?raw';

export const hybridAdaptationExperiment: ExperimentMeta<typeof hybridAdaptationFields> = {
  id: 'hybrid-adaptation',
  title: 'Few-shot hybrid domain adaptation of a digit generator',
  papers: [paper('Few-shot Hybrid Domain Adaptation of Image Generators')],
  fields: hybridAdaptationFields,
  presets: {
    // Sized for the software adapter: short pretraining, 60 adaptation steps, six readbacks.
    quick: { pretrainSteps: 150, steps: 60 },
    default: {},
    named: [
      { id: 'thick-only', label: 'Only thick strokes', note: 'α_A = 1: plain few-shot adaptation to one domain; the slanted subspace is ignored.', config: { weightA: 1 } },
      { id: 'no-direction', label: 'No direction loss', note: 'λ_dir = 0: the distance loss alone, free to drift away from the source digits.', config: { directionWeight: 0 } },
    ],
  },
  plots: hybridAdaptationPlots,
  watchedMetrics: ['distance_domain_a', 'distance_domain_b', 'identity_score', 'loss'],
  card,
};
