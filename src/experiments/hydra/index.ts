// The hydra experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { hydraFields } from './schema';
import { hydraPlots } from './plots';
import card from './card.md?raw';

export const hydraExperiment: ExperimentMeta<typeof hydraFields> = {
  id: 'hydra',
  title: 'Arbitrary positive pairs through class-pair gates (Hydra, toy)',
  papers: [paper('Rethinking Positive Pairs in Contrastive Learning')],
  fields: hydraFields,
  presets: {
    // Sized for the software adapter: 500 training digits, 150 steps per method (Hydra needs that many for its 55 gates
    // to move), 100-step probes; the default-size encoder so the comparison is the default one, shortened.
    quick: { trainPerClass: 50, steps: 150, probeSteps: 100 },
    default: {},
    named: [
      { id: 'no-sparsity', label: 'No gate penalty', note: 'λ = 0: only the contrastive loss moves the gates; they stay more open than with the penalty.', config: { sparsity: 0 } },
      { id: 'narrow', label: 'Narrow embedding', note: 'd = 8: the pairs must share a small space.', config: { dim: 8 } },
    ],
  },
  plots: hydraPlots,
  watchedMetrics: ['probe_acc_hydra', 'probe_acc_infonce', 'erank_hydra', 'erank_infonce'],
  card,
};
