// The diffusion-subspaces page's knobs: the low-rank Gaussian mixture, the sweep of samples per class, the fit, the noise levels.
import { choice, int, real, seedField, type ConfigOf } from '../framework/fields';

export const diffusionSubspacesFields = {
  ambient: int('Ambient dimension D', 48, 2, 256, { help: 'Samples live in R^D.' }),
  components: int('Subspaces K', 2, 1, 6, { help: 'Mixture components, each a Gaussian on a random subspace.' }),
  dim: int('Subspace dimension d', 7, 1, 32, { help: 'The rank of each component’s covariance (K·d ≤ D keeps the subspaces independent).' }),
  maxPerClass: int('Most samples per class', 16, 1, 128, { help: 'The sweep trains on N = 1, 2, …, this many samples per class.' }),
  trials: int('Trials per N', 3, 1, 20, { help: 'Fresh training samples each trial; errors are averaged.' }),
  noise: real('Training-sample noise', 0, 0, 1, { help: 'Standard deviation per coordinate added to the training samples (0: exactly low rank).' }),
  method: choice('Subspace clustering', 'lsr', [
    { value: 'lsr', label: 'LSR + spectral, then k-subspaces' },
    { value: 'kss', label: 'k-subspaces from random starts' },
  ], { help: 'How the unlabeled training samples are grouped before each subspace is fitted.' }),
  refine: int('k-subspaces rounds', 3, 0, 50, { help: 'Assign every sample to its nearest subspace and refit by SVD — the denoiser’s training, per the paper.' }),
  testPerClass: int('Test samples per class', 64, 4, 1024, { help: 'Fresh samples for the denoising error.' }),
  seed: seedField(),
};

export type DiffusionSubspacesConfig = ConfigOf<typeof diffusionSubspacesFields>;

/** The noise levels σ the denoisers are compared at. */
export const NOISE_LEVELS = [0.03, 0.1, 0.2, 0.4, 0.7, 1, 1.5, 2.5, 4, 10];
