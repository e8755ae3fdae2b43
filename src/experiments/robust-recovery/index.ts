// The robust-recovery experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { robustRecoveryFields } from './schema';
import { robustRecoveryPlots } from './plots';
import card from './card.md?raw';

export const robustRecoveryExperiment: ExperimentMeta<typeof robustRecoveryFields> = {
  id: 'robust-recovery',
  title: 'Robust low-rank recovery (ℓ1 SubGM)',
  papers: [paper('Global Convergence of Sub-gradient Method for Robust Matrix Recovery: Small Initialization, Noisy Measurements, and Over-parameterization')],
  fields: robustRecoveryFields,
  presets: {
    // Sized for the software adapter: 300 iterations with a faster step decay, readbacks every 20 iterations.
    quick: { iterations: 300, decay: 0.97, every: 20 },
    default: {},
  },
  plots: robustRecoveryPlots,
  watchedMetrics: ['final_error_l1', 'final_error_l2'],
  card,
};
