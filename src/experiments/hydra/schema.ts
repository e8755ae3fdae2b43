// The hydra page's knobs: the digits encoder, the two contrastive trainings (Hydra class pairs vs SimCLR views), the probes.
import { int, real, seedField, type ConfigOf } from '../framework/fields';

export const hydraFields = {
  trainPerClass: int('Training digits per class', 130, 10, 140, { help: 'At most this many training digits per class; a quarter of each class is held out for testing.' }),
  hidden: int('Hidden width', 64, 8, 128, { help: 'The encoder is a 64→hidden→d MLP (ReLU); both methods train the same architecture from the same initialization.' }),
  dim: int('Embedding dimension d', 32, 2, 64, { help: 'Width of the embedding; each class pair owns a gate vector in [0, 1]ᵈ.' }),
  steps: int('Contrastive steps', 400, 10, 5000, { help: 'Adam steps for each method.' }),
  lr: real('Encoder learning rate', 0.003, 0.0001, 0.1, { log: true, help: 'Adam step size of the encoder, the same for both methods.' }),
  batch: int('Batch size', 64, 4, 256, { help: 'Positive pairs per step; every other pair in the batch is a negative.' }),
  temperature: real('Temperature τ', 0.2, 0.02, 2, { log: true }),
  sparsity: real('Gate sparsity λ', 0.05, 0, 1, { help: 'λ·mean(g) is added to the Hydra loss so a pair keeps only the dimensions it needs open.' }),
  gateLr: real('Gate learning rate', 0.05, 0.001, 1, { log: true, help: 'Adam step size of the gate logits (σ(w) is the gate); the gates start at ½.' }),
  augmentNoise: real('Augmentation noise', 0.1, 0, 1, { help: 'Both methods see augmented digits: a shift of up to one pixel plus this much Gaussian pixel noise.' }),
  probeSteps: int('Linear-probe steps', 200, 10, 3000, { help: 'Adam steps of the linear probe (a softmax layer on the frozen embedding).' }),
  seed: seedField(),
};

export type HydraConfig = ConfigOf<typeof hydraFields>;
