// The codecs page's knobs: which patches, the WaLLoC-style codec, the linear autoencoder, and the VQ codec.
import { choice, int, real, seedField, type ConfigOf } from '../framework/fields';

export const codecsFields = {
  source: choice('Patches from', 'image', [
    { value: 'image', label: 'an image, cut into 8×8 patches' },
    { value: 'digits', label: 'the 8×8 digits' },
  ]),
  image: choice('Image', 'camera', ['camera', 'astronaut', 'chelsea', 'coffee'], { visibleWhen: (c) => c.source === 'image' }),
  size: choice('Image size', '256', ['64', '128', '256'], { help: 'Block-averaged to size×size: (size/8)² patches.', visibleWhen: (c) => c.source === 'image' }),
  digits: int('Digits', 512, 64, 1797, { help: 'How many digits (each one 8×8 patch).', visibleWhen: (c) => c.source === 'digits' }),
  channels: int('Latent channels c', 8, 1, 32, { help: 'Latents per 8×8 patch for WaLLoC, PCA and the linear autoencoder.' }),
  scale: real('Latent scale s', 16, 1, 256, { log: true, help: 'Latents start as s × PCA coefficients and are rounded to integers: larger s, finer bins, more bits.' }),
  hidden: int('Decoder hidden width', 64, 0, 256, { help: 'Width of the decoder’s ReLU branch (0: a linear decoder).' }),
  steps: int('WaLLoC training steps', 1000, 0, 20000, { help: 'Full-batch Adam steps with uniform noise in place of rounding.' }),
  lr: real('Learning rate', 0.003, 1e-4, 0.1, { log: true, help: 'Adam’s step size for the WaLLoC and VQ codecs.' }),
  rateWeight: real('Rate weight λ', 0.001, 0, 1, { log: false, step: 0.0001, help: 'Weight of the mean squared latent (a Gaussian-prior stand-in for the rate) in the WaLLoC loss.' }),
  aeSteps: int('Linear autoencoder steps', 1500, 10, 20000, { help: 'Full-batch Adam steps of the unquantized linear autoencoder, from a random start.' }),
  aeLr: real('Linear autoencoder learning rate', 0.1, 1e-4, 0.5, { log: true, help: 'Adam’s step size for the linear autoencoder (large: it starts far from the principal subspace).' }),
  vqDim: int('VQ latent size', 8, 1, 32, { help: 'Size of the codewords.' }),
  codebook: int('Codebook size', 1024, 2, 4096, { help: 'Codewords trained; then shrunk by k-means.' }),
  codes: int('Shrunk codebook', 64, 2, 1024, { help: 'Codewords kept after k-means (≤ the codebook size and the used codes).' }),
  vqSteps: int('VQ training steps', 500, 0, 20000, { help: 'Full-batch Adam steps of the VQ autoencoder.' }),
  beta: real('Commitment β', 0.25, 0, 2, { step: 0.05, help: 'Weight of ‖z − sg(q)‖², pulling the encoder towards its codewords.' }),
  clsSteps: int('Classifier steps', 600, 0, 20000, { help: 'Adam steps of each digits classifier (16 rounded latents vs 4×4 downsampled pixels); 0 skips them.' }),
  seed: seedField(),
};

export type CodecsConfig = ConfigOf<typeof codecsFields>;

/** Quantization steps of the rate–distortion sweeps, relative to the unit bin the codec is trained for. */
export const RD_STEPS = [0.5, 1, 2, 4, 8] as const;
