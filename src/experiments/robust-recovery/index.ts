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
    named: [
      { id: 'large-init', label: 'Large initialization', note: 'α = 1: the spurious directions start large and stay there; the error stalls far above the small-α run.', config: { alpha: 1 } },
      { id: 'exact-rank', label: 'Exact rank, no outliers', note: 'r = 2 and clean measurements: SubGM converges linearly to X*, and ℓ2 GD recovers it too.', config: { rank: 2, outliers: 0 } },
      { id: 'heavy-outliers', label: '30% outliers', note: 'Nearly a third of the measurements are gross errors: ℓ1 SubGM still recovers X*, least squares is far off.', config: { outliers: 0.3 } },
    ],
  },
  plots: robustRecoveryPlots,
  watchedMetrics: ['final_error_l1', 'final_error_l2'],
  card,
};
