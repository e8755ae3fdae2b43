// The lora page's knobs: the pretrained net, the adaptation methods and ranks, the fine-tuning run.
import { int, multi, real, seedField, type ConfigOf } from '../framework/fields';

export const LORA_METHODS = [
  { value: 'lora', label: 'LoRA (ΔW = BA, B = 0)' },
  { value: 'lora-sb', label: 'LoRA-SB (only R trains, from the first update)' },
  { value: 'svfit', label: 'SVFit (only the top singular values train)' },
] as const;

export const loraFields = {
  hidden: int('Hidden width', 32, 8, 128, { help: 'A 64→width→10 MLP, pretrained with Adam on digits 0–4, then adapted to 5–9.' }),
  pretrainSteps: int('Pretraining steps', 200, 10, 3000),
  trainPerClass: int('Training digits per class', 130, 10, 140),
  methods: multi('Methods', LORA_METHODS.map((m) => m.value), LORA_METHODS, { help: 'Full fine-tuning always runs: it is the reference for cos(ΔW, ΔW_full).' }),
  ranks: multi('Ranks r', ['1', '2', '4', '8'], ['1', '2', '4', '8', '16']),
  steps: int('Fine-tuning steps', 150, 5, 3000, { help: 'Adam steps (batch 32) on digits 5–9, the same batches for every method.' }),
  lr: real('Learning rate', 0.01, 1e-4, 1, { log: true }),
  seed: seedField(),
};

export type LoraConfig = ConfigOf<typeof loraFields>;
