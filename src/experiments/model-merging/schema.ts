// The model-merging page's knobs: θ₀ and its fine-tunes, task arithmetic and TIES, the Concrete mask and AdaMerging's λ.
import { flag, int, multi, real, seedField, type ConfigOf } from '../framework/fields';

/** The tasks a fine-tune can specialize in: all ten digits, seen through one fixed transformation each. */
export const TASK_OPTIONS = [
  { value: 'shift', label: 'shifted one pixel right and down' },
  { value: 'flip', label: 'mirrored left–right' },
  { value: 'rotate', label: 'rotated 90°' },
  { value: 'invert', label: 'inverted (1 − pixel)' },
] as const;

export const modelMergingFields = {
  hidden: int('Hidden width', 64, 8, 128, { help: 'One MLP 64→width→width→10 for θ₀, every fine-tune and every merge.' }),
  pretrainSteps: int('Pretraining steps', 600, 10, 3000, { help: 'Adam steps (batch 32, lr 0.01) on upright digits mixed with every task’s digits: this is θ₀.' }),
  trainPerClass: int('Training digits per class', 130, 10, 140),
  tasks: multi('Tasks', ['shift', 'flip', 'rotate'], TASK_OPTIONS, { minItems: 2, help: 'One fine-tune per task: the hidden layers train from θ₀, the classifier stays θ₀’s; its task vector is τᵢ = θᵢ − θ₀.' }),
  fineTuneSteps: int('Fine-tuning steps', 300, 5, 3000),
  fineTuneLr: real('Fine-tuning learning rate', 0.005, 1e-4, 0.1, { log: true }),
  lambda: real('Task arithmetic λ', 0.3, 0, 2, { help: 'θ = θ₀ + λ Σ τᵢ; also the fixed λ while the Concrete mask learns, and AdaMerging’s starting λ.' }),
  tiesTopK: real('TIES: kept fraction', 0.5, 0.01, 1, { help: 'Each τᵢ keeps its largest-magnitude entries (this fraction) before the sign election.' }),
  tiesLambda: real('TIES λ', 0.3, 0, 2),
  temperature: real('Concrete temperature', 0.5, 0.05, 5, { log: true, help: 'm = σ((ℓ + log u − log(1 − u)) / T); T → 0 gives binary masks.' }),
  initialLogit: real('Initial mask logit', 0, -3, 5, { help: 'Every logit ℓ starts here: P(keep) = σ(ℓ).' }),
  rescaleMask: flag('Rescale the mask per layer', false, { help: 'm̃ = m / mean(m) on each weight tensor, as the official code does, so a mask picks coordinates without shrinking a layer’s update. Off by default here: see the card.' }),
  maskSteps: int('Mask steps', 300, 0, 3000, { help: 'Adam steps on the mask logits, minimizing prediction entropy on unlabeled inputs of every task.' }),
  maskLr: real('Mask learning rate', 0.05, 1e-4, 1, { log: true }),
  adaSteps: int('AdaMerging steps', 200, 0, 3000, { help: 'Adam steps on one λ per task and weight tensor (entropy again), with and without the learned mask.' }),
  adaLr: real('AdaMerging learning rate', 0.005, 1e-4, 1, { log: true }),
  unlabeledBatch: int('Unlabeled inputs per task and step', 32, 4, 128),
  seed: seedField(),
};

export type ModelMergingConfig = ConfigOf<typeof modelMergingFields>;
