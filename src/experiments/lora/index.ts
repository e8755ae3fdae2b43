// The lora experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { loraFields } from './schema';
import { loraPlots } from './plots';
import card from './card.md?raw';

export const loraExperiment: ExperimentMeta<typeof loraFields> = {
  id: 'lora',
  title: 'Low-rank fine-tuning: LoRA, LoRA-XS, LoRA-SB, SVFit, FLoRA',
  papers: [
    paper('LoRA: Low-Rank Adaptation of Large Language Models'),
    paper('Initialization using Update Approximation is a Silver Bullet for Extremely Efficient Low-Rank Fine-Tuning'),
    paper('SVFit: Parameter-Efficient Fine-Tuning of Large Pre-Trained Models Using Singular Values'),
    paper('FLoRA: Low-Rank Core Space for N-dimension'),
    paper('LoRA-XS: Low-Rank Adaptation with Extremely Small Number of Parameters'),
  ],
  fields: loraFields,
  presets: {
    // Sized for the software adapter: short pretraining and fine-tuning, a 4-channel CNN.
    quick: { pretrainSteps: 40, trainPerClass: 50, steps: 50, ranks: ['1', '2', '4', '8'], convChannels: 4 },
    default: {},
    named: [
      { id: 'long', label: 'Longer fine-tuning', note: '600 steps: the gap to full fine-tuning narrows for the larger ranks.', config: { steps: 600 } },
      { id: 'tiny-lr', label: 'Small learning rate', note: 'lr = 0.001: LoRA’s B = 0 start is slow, LoRA-SB starts on the first update.', config: { lr: 0.001 } },
    ],
  },
  plots: loraPlots,
  watchedMetrics: ['full_accuracy', 'lora_accuracy', 'lora-xs_accuracy', 'lora-sb_accuracy', 'svfit_accuracy', 'conv_full_accuracy', 'flora_accuracy', 'conv-lora_accuracy'],
  card,
};
