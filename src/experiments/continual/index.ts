// The continual experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { continualFields } from './schema';
import { continualPlots } from './plots';
import card from './card.md?raw';

export const continualExperiment: ExperimentMeta<typeof continualFields> = {
  id: 'continual',
  title: 'Continual learning in orthogonal subspaces (CoSO)',
  papers: [paper('Continuous Subspace Optimization for Continual Learning')],
  fields: continualFields,
  presets: {
    // Sized for the software adapter: one narrow hidden layer, few steps per task, few SVDs.
    quick: { hidden: 24, depth: 1, stepsPerTask: 20, batchSize: 16, gap: 10, reportEvery: 10, projRank: 4, sketchRank: 4, trainPerClass: 30, lr: 0.01, headLr: 0.02, svdMethod: 'randomized' },
    default: {},
    named: [
      { id: 'loose-history', label: 'Keep little history', note: 'Threshold 0.9: about one protected direction per task and layer; CoSO forgets nearly as much as fine-tuning.', config: { threshold: 0.9 } },
      { id: 'strict-history', label: 'Keep more history', note: 'Threshold 0.999: each task protects about six directions per layer; later tasks have less room.', config: { threshold: 0.999 } },
      { id: 'narrow', label: 'Narrow network', note: 'Hidden width 24: by the last task the history holds almost half of each layer’s output space.', config: { hidden: 24, projRank: 4, sketchRank: 6 } },
    ],
  },
  plots: continualPlots,
  watchedMetrics: ['loss_coso', 'loss_finetune'],
  card,
};
