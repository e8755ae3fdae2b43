// The spectrum experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { SPECTRUM_LIVE_FIELDS, spectrumFields } from './schema';
import { spectrumPlots } from './plots';
import { paper } from '../framework/paperLink';
import card from './card.md?raw';

export const spectrumExperiment: ExperimentMeta<typeof spectrumFields> = {
  id: 'spectrum',
  title: 'Singular spectra and low-rank truncation',
  papers: [
    paper('LORD: Low Rank Decomposition Of Monolingual Code LLMs For One-Shot Compression'),
    paper('From GaLore to WeLore: How Low-Rank Weights Non-uniformly Emerge from Low-Rank Gradients'),
    paper('SVFit: Parameter-Efficient Fine-Tuning of Large Pre-Trained Models Using Singular Values'),
    paper('LOST: Low-rank and Sparse Pre-training for Large Language Models'),
  ],
  fields: spectrumFields,
  presets: {
    quick: { source: 'image', image: 'camera', size: '128', method: 'jacobi', k: 16 },
    default: {},
    named: [
      { id: 'digits-pca', label: 'Digits PCA', note: 'Centered digits: ten or so directions carry most of the variance.', config: { source: 'digits', center: true, k: 10 } },
      { id: 'noise-floor', label: 'Rank hidden in noise', note: 'A rank-8 signal under noise: the gap after σ₈ is the rank.', config: { source: 'lowrank', trueRank: 8, noise: 0.05, k: 8 } },
      { id: 'randomized', label: 'Randomized top-k', note: 'Only the top 32 singular values, by a randomized range finder.', config: { source: 'image', image: 'astronaut', method: 'randomized', k: 32 } },
    ],
  },
  plots: spectrumPlots,
  liveFields: [...SPECTRUM_LIVE_FIELDS],
  card,
};
