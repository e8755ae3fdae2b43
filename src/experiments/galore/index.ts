// The galore experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { galoreFields } from './schema';
import { galorePlots } from './plots';
import card from './card.md?raw';

export const galoreExperiment: ExperimentMeta<typeof galoreFields> = {
  id: 'galore',
  title: 'Low-rank gradient optimizers: GaLore, DCT, Fira, Q-GaLore',
  papers: [
    paper('GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection'),
    paper('SVD-Free Low-Rank Adaptive Gradient Optimization for Large Language Models'),
    paper('Fira: Can We Achieve Full-rank Training of LLMs Under Low-rank Constraint?'),
    paper('Q-GaLore: Quantized GaLore with INT4 Projection and Layer-Adaptive Low-Rank Gradients'),
    paper('From GaLore to WeLore: How Low-Rank Weights Non-uniformly Emerge from Low-Rank Gradients'),
  ],
  fields: galoreFields,
  presets: {
    // Sized for the software adapter: one small hidden layer, few steps, few refreshes.
    quick: { hidden: 32, depth: 1, rank: 4, gap: 20, steps: 60, reportEvery: 20, batchSize: 32, trainPerClass: 40, lr: 0.005, queueSize: 1, svdMethod: 'randomized', weloreSteps: 40 },
    default: {},
    named: [
      { id: 'full-rank', label: 'Full rank = Adam', note: 'r covers every layer: GaLore and Fira take no SVD and trace Adam’s curve exactly.', config: { rank: 512, optimizers: ['adam', 'galore', 'fira'] } },
      { id: 'rank-4', label: 'Rank 4', note: 'A very narrow subspace: GaLore and Q-GaLore lag Adam; Fira’s scaled residual recovers about half of the gap at the same memory.', config: { rank: 4 } },
      { id: 'paper-scale', label: 'α = 0.25 (paper)', note: 'The paper’s α = 0.25 with 4× the learning rate: projected steps as at α = 1, while biases and full Adam step 4× larger.', config: { scale: 0.25, lr: 0.008 } },
      { id: 'lazy', label: 'Lazy refresh', note: 'Refresh every 10 steps: Q-GaLore’s adaptive gap saves most of those SVDs.', config: { gap: 10, queueSize: 2, optimizers: ['galore', 'qgalore'] } },
    ],
  },
  plots: galorePlots,
  watchedMetrics: ['loss_adam', 'loss_galore', 'loss_dct', 'loss_fira', 'loss_qgalore', 'welore_acc', 'lora_acc', 'full_acc'],
  card,
};
