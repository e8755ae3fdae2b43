// The sampling experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { SCHEMES, samplingFields } from './schema';
import { samplingPlots } from './plots';
import card from './card.md?raw';

export const samplingExperiment: ExperimentMeta<typeof samplingFields> = {
  id: 'sampling',
  title: 'ℓp sensitivity sampling',
  papers: [paper('Sharper Bounds for ℓp Sensitivity Sampling')],
  fields: samplingFields,
  presets: {
    // Sized for the software adapter: n = 256, d = 8, four sample sizes, three trials (about 7 s of compute on SwiftShader).
    quick: { rows: 256, cols: 8, spikes: 4, mMin: 24, mMax: 128, mSteps: 4, trials: 3, directions: 32, irls: 20 },
    default: {},
    named: [
      { id: 'l1-only', label: 'ℓ1 only', note: 'p = 1 only: the case of the paper’s root-leverage result (about d rows suffice for p < 2).', config: { p: 1, pGrid: ['1'] } },
      { id: 'large-p', label: 'Large p', note: 'p from 2 to 6: the total sensitivity 𝔖 grows with p and stays below its bound d^{p/2}.', config: { p: 3, pGrid: ['2', '3', '4', '6'] } },
      { id: 'light-tails', label: 'Light tails, no spikes', note: 'α = 20 and no spike rows: no row stands out, and uniform sampling is no longer far behind.', config: { tail: 20, spikes: 0 } },
    ],
  },
  plots: samplingPlots,
  watchedMetrics: [
    'leverage_sum', 'lewis_sum', 'lewis_sums', 'total_sensitivity', 'regression_cost_full',
    ...SCHEMES.flatMap((s) => [`distortion_by_p_${s}`, `regression_error_${s}`]),
  ],
  card,
};
