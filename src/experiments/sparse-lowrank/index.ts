// The sparse-lowrank experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { sparseLowRankFields } from './schema';
import { sparseLowRankPlots } from './plots';
import card from './card.md?raw';

export const sparseLowRankExperiment: ExperimentMeta<typeof sparseLowRankFields> = {
  id: 'sparse-lowrank',
  title: 'Sparse plus low-rank training: SLTrain and LOST',
  papers: [
    paper('SLTrain: a sparse plus low-rank approach for parameter and memory efficient pretraining'),
    paper('LOST: Low-rank and Sparse Pre-training for Large Language Models'),
  ],
  fields: sparseLowRankFields,
  presets: {
    // Sized for the software adapter (SwiftShader): one hidden layer of 32, 100 steps per variant.
    quick: { hidden: 32, hiddenLayers: '1', rank: 4, steps: 100, reportEvery: 25, batchSize: 32, trainPerClass: 40, lr: 0.01 },
    default: {},
    named: [
      { id: 'tiny-rank', label: 'Rank 2', note: 'At r = 2 low-rank training starves; the 3% sparse part carries SLTrain much further.', config: { rank: 2 } },
      { id: 'denser-s', label: 'δ = 10%', note: 'A denser random support: SLTrain moves toward dense training, and its budget grows.', config: { density: 0.1 } },
      { id: 'sparse-only', label: 'Mostly sparse', note: 'r = 1 with δ = 20%: nearly all of SLTrain’s budget in the random support.', config: { rank: 1, density: 0.2 } },
      { id: 'large-scale', label: 'α/r = 4', note: 'A large factor scale speeds up B·A under Adam: plain low-rank catches up with (and passes) SLTrain here.', config: { scale: 4 } },
      { id: 'wide', label: 'Wider net', note: 'Hidden width 128: the same rank is a smaller fraction of the dense count.', config: { hidden: 128, rank: 16 } },
    ],
  },
  plots: sparseLowRankPlots,
  liveFields: ['layer'],
  watchedMetrics: ['loss_dense', 'loss_lowrank', 'loss_sltrain', 'loss_lost'],
  card,
};
