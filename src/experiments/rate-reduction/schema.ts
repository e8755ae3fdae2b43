// The rate-reduction page's knobs: two moons in R^D, the feature MLP and its MCR² training, the CRATE stack and the trained CRATE on digits.
import { choice, flag, int, real, seedField, type ConfigOf } from '../framework/fields';

const mlc = (c: Record<string, unknown>) => c.objective === 'mlc';
const crate = (c: Record<string, unknown>) => c.crate === true;

export const rateReductionFields = {
  samples: int('Samples', 128, 8, 1024, { help: 'Points on the two moons (half on each).' }),
  noise: real('Moon noise', 0.05, 0, 1, { help: 'Gaussian noise added in the plane before lifting (scikit-learn’s make_moons).' }),
  ambient: int('Ambient dimension D', 10, 2, 64, { help: 'The plane is padded with zeros and rotated at random into R^D.' }),
  hidden: int('Hidden units', 64, 2, 512),
  featureDim: int('Feature dimension d', 8, 2, 64, { help: 'Features live on the unit sphere of R^d.' }),
  activation: choice('Activation', 'relu', ['relu', 'tanh', 'gelu']),
  eps2: real('ε² (distortion)', 0.5, 0.001, 10, { log: true, help: 'ε² in R = ½logdet(I + d/(nε²)ZZᵀ) (what ryanchankh/mcr2 calls eps).' }),
  objective: choice('Membership Π', 'supervised', [
    { value: 'supervised', label: 'the labels (supervised MCR²)' },
    { value: 'mlc', label: 'Sinkhorn of the features (MLC-style, unsupervised)' },
  ], { help: 'Which groups R_c compresses: the true classes, or a doubly stochastic Π re-estimated from the features.' }),
  temperature: real('Sinkhorn temperature', 0.1, 0.005, 10, { log: true, visibleWhen: mlc, help: 'Π = Sinkhorn(exp((⟨z_i, z_j⟩ − 1)/τ)) with a zero diagonal.' }),
  membershipEvery: int('Re-estimate Π every (steps)', 20, 10, 1000, { visibleWhen: mlc }),
  steps: int('Training steps', 400, 10, 20000, { log: true, help: 'Full-batch Adam steps on −ΔR.' }),
  lr: real('Learning rate', 0.005, 1e-5, 1, { log: true }),
  reportEvery: int('Report every (steps)', 10, 10, 1000, { help: 'R, R_c and ΔR are read back only this often.' }),
  crate: flag('CRATE on digits', true, { help: 'Run a randomly initialized CRATE stack on 8×8 digits cut into 16 tokens of 2×2 pixels, then train a small CRATE on their labels.' }),
  crateImages: int('CRATE images', 64, 1, 512, { visibleWhen: crate }),
  crateHeads: int('Heads K (subspaces)', 4, 1, 16, { visibleWhen: crate }),
  crateHeadDim: int('Head dimension p', 4, 1, 16, { visibleWhen: crate, help: 'Token dimension d = K·p; the U_k are orthogonal blocks of one random rotation.' }),
  crateLayers: int('CRATE layers', 6, 1, 24, { visibleWhen: crate }),
  crateCompression: real('MSSA step c', 0.5, 0, 1, { visibleWhen: crate, help: 'Z½ = (1 − c)Z + c·MSSA(Z): c = κp/(Nε²) in the paper.' }),
  crateEta: real('ISTA step η', 0.1, 0, 1, { visibleWhen: crate }),
  crateLambda: real('ISTA sparsity λ', 0.5, 0, 10, { visibleWhen: crate, help: 'Z⁺ = ReLU(Z½ + η(Z½ − Z½Dᵀ)D − ηλ).' }),
  crateTrainLayers: int('Trained CRATE layers', 2, 1, 4, { visibleWhen: crate, help: 'A second, small CRATE with learned U and D, mean pooling and a linear classifier, trained on digit labels.' }),
  crateTrainSteps: int('CRATE training steps', 300, 1, 5000, { log: true, visibleWhen: crate, help: 'Full-batch Adam steps on softmax cross-entropy (the random-CRATE linear probe gets as many).' }),
  crateTrainImages: int('CRATE training images', 256, 10, 1024, { visibleWhen: crate }),
  crateTestImages: int('CRATE test images', 256, 10, 773, { visibleWhen: crate, help: 'Held-out digits for accuracy and the per-layer R_c and sparsity.' }),
  crateLr: real('CRATE learning rate', 0.01, 1e-5, 1, { log: true, visibleWhen: crate }),
  seed: seedField(),
};

export type RateReductionConfig = ConfigOf<typeof rateReductionFields>;
