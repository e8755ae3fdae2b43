// The compression experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { compressionFields } from './schema';
import { compressionPlots } from './plots';
import card from './card.md?raw';

export const compressionExperiment: ExperimentMeta<typeof compressionFields> = {
  id: 'compression',
  title: 'Compressing a layer: low rank, eigenspace compensation, dictionaries, codebooks',
  papers: [
    paper('EoRA: Training-free Compensation for Compressed LLM with Eigenspace Low-Rank Approximation'),
    paper('LORD: Low Rank Decomposition Of Monolingual Code LLMs For One-Shot Compression'),
    paper('COSPADI: Compressing LLMs via Calibration-Guided Sparse Dictionary Learning'),
    paper('Learning Low-Rank Representations for Model Compression'),
  ],
  fields: compressionFields,
  presets: {
    // Sized for the software adapter (every stage runs on the backend): a short training run, one K-SVD sweep.
    quick: { trainSteps: 40, kSvdIters: 1, calibration: 128, lr2vqSteps: 30 },
    default: {},
    named: [
      { id: 'pruned', label: '2:4 pruning + EoRA', note: 'Half the weights zeroed; EoRA repairs the directions the inputs use most.', config: { base: '2:4' } },
      { id: 'no-damping', label: 'Almost no damping', note: 'λ = 1e-6: the whitening trusts blank pixels’ tiny variance.', config: { damping: 1e-6 } },
    ],
  },
  plots: compressionPlots,
  watchedMetrics: ['base_error', 'eora_error', 'svd_error', 'lord_error', 'lr2vq_error_fixed', 'lr2vq_error_learned'],
  card,
};
