// The lora page's knobs: the pretrained nets, the adaptation methods and ranks, the fine-tuning run.
import { int, multi, real, seedField, type ConfigOf } from '../framework/fields';

/** Methods that adapt the MLP's first weight W₁ (h×64). */
export const MLP_METHODS = [
  { value: 'lora', label: 'LoRA (ΔW = BA, B = 0)' },
  { value: 'lora-xs', label: 'LoRA-XS (only R trains, between W₀’s singular vectors)' },
  { value: 'lora-sb', label: 'LoRA-SB (only R trains, from the first update)' },
  { value: 'svfit', label: 'SVFit (only the top singular values train)' },
] as const;

/** Methods that adapt the CNN's second conv kernel K₂ (c×3×3×c) to shifted digits. */
export const CONV_METHODS = [
  { value: 'flora', label: 'FLoRA (Tucker core on the 4-D kernel)' },
  { value: 'conv-lora', label: 'LoRA on the kernel flattened to c×9c' },
] as const;

export const LORA_METHODS = [...MLP_METHODS, ...CONV_METHODS] as const;

export const loraFields = {
  hidden: int('Hidden width', 32, 8, 128, { help: 'A 64→width→10 MLP, pretrained with Adam on digits 0–4, then adapted to 5–9.' }),
  convChannels: int('Conv channels', 8, 2, 16, { help: 'The CNN for FLoRA: conv 3×3 (1→c) → conv 3×3 (c→c) → linear, pretrained on upright digits 0–9, then its second kernel alone adapts to digits shifted by one pixel.' }),
  pretrainSteps: int('Pretraining steps', 200, 10, 3000),
  trainPerClass: int('Training digits per class', 130, 10, 140),
  methods: multi('Methods', LORA_METHODS.map((m) => m.value), LORA_METHODS, { help: 'Full fine-tuning of the same weight always runs for each network: it is the reference for cos(ΔW, ΔW_full).' }),
  ranks: multi('Ranks r', ['1', '2', '4', '8'], ['1', '2', '4', '8', '16']),
  steps: int('Fine-tuning steps', 150, 5, 3000, { help: 'Adam steps (batch 32) on digits 5–9, the same batches for every method.' }),
  lr: real('Learning rate', 0.01, 1e-4, 1, { log: true }),
  seed: seedField(),
};

export type LoraConfig = ConfigOf<typeof loraFields>;
