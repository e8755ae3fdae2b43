// The spectrum page's knobs: which matrix, how to factor it, which rank to show.
import { choice, flag, int, real, seedField, text, type ConfigOf } from '../framework/fields';

export const spectrumFields = {
  source: choice('Matrix', 'image', [
    { value: 'image', label: 'an image (256×256 grayscale)' },
    { value: 'digits', label: 'the digits data matrix (1797×64)' },
    { value: 'lowrank', label: 'synthetic low rank + noise' },
    { value: 'upload', label: 'your CSV matrix' },
    { value: 'weights', label: 'weights of a digits MLP trained here' },
  ], { help: 'What to factorize.' }),
  layer: choice('Layer', '1', [
    { value: '1', label: 'W1 (32×64)' },
    { value: '2', label: 'W2 (32×32)' },
    { value: '3', label: 'W3 (10×32)' },
  ], { help: 'A 64-32-32-10 MLP is trained on digits for 150 seeded Adam steps; this layer’s weight matrix is factored.', visibleWhen: (c) => c.source === 'weights' }),
  image: choice('Image', 'camera', ['camera', 'astronaut', 'chelsea', 'coffee'], { visibleWhen: (c) => c.source === 'image' }),
  size: choice('Image size', '256', ['64', '128', '256'], { help: 'Downsampled by block averaging; smaller is faster.', visibleWhen: (c) => c.source === 'image' }),
  rows: int('Rows m', 200, 2, 512, { visibleWhen: (c) => c.source === 'lowrank' }),
  cols: int('Columns n', 100, 2, 512, { visibleWhen: (c) => c.source === 'lowrank' }),
  trueRank: int('True rank', 8, 1, 256, { visibleWhen: (c) => c.source === 'lowrank' }),
  noise: real('Noise level', 0.01, 0, 10, { help: 'Standard deviation of the added Gaussian noise (signal singular values are ~1).', visibleWhen: (c) => c.source === 'lowrank' }),
  dataset: text('Uploaded dataset', '', { maxLength: 80, pattern: /^$|^user:[0-9a-f]{8,64}$/, help: 'Set by the upload box.', visibleWhen: (c) => c.source === 'upload' }),
  center: flag('Center columns', false, { help: 'Subtract each column’s mean first (then the SVD is PCA).' }),
  method: choice('SVD method', 'jacobi', [
    { value: 'jacobi', label: 'one-sided Jacobi (all σ, accurate)' },
    { value: 'randomized', label: 'randomized (top k only, fast)' },
  ]),
  k: int('Rank k', 20, 1, 512, { help: 'Rank of the reconstruction; drag to compare without re-running.' }),
  weloreThreshold: real('WeLore threshold', 0.05, 0, 1, { help: 'WeLore keeps the σ whose normalized value (σ−min)/(max−min) is at least this.' }),
  seed: seedField(),
};

export type SpectrumConfig = ConfigOf<typeof spectrumFields>;

/** Fields that re-render the plots without a new run. */
export const SPECTRUM_LIVE_FIELDS = ['k', 'weloreThreshold'] as const;
