// The sampling page's knobs: the tall matrix, the exponent p, the sample sizes, the schemes and the trials.
import { int, multi, real, seedField, type ConfigOf } from '../framework/fields';

/** How rows are scored before sampling; each scheme samples row i with probability ∝ its score. */
export const SCHEMES = ['uniform', 'leverage', 'root-leverage', 'lewis', 'sensitivity'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const SCHEME_LABELS: Record<Scheme, string> = {
  uniform: 'uniform',
  leverage: 'ℓ2 leverage τᵢ',
  'root-leverage': 'root leverage τᵢ^{p/2}',
  lewis: 'ℓp Lewis weights wᵢ',
  sensitivity: 'ℓp sensitivities (estimated)',
};

export const samplingFields = {
  rows: int('Rows n', 2000, 16, 8192, { help: 'Rows of the tall matrix A.' }),
  cols: int('Columns d', 10, 1, 64, { help: 'Columns of A: the dimension of the subspace {Ax} to preserve.' }),
  tail: real('Row-scale tail index α', 1.5, 0.5, 20, { help: 'Row i is sᵢ·gᵢ with gᵢ Gaussian and sᵢ Pareto(α): smaller α, heavier tails.' }),
  spikes: int('High-leverage rows', 5, 0, 64, { help: 'Rows along single coordinates, large enough to carry most of that direction.' }),
  p: real('p (headline)', 1, 1, 8, { help: 'The exponent of the scores plot, the regression and the headline figures.' }),
  pGrid: multi('p values for distortion', ['1', '1.5', '2', '3'], ['1', '1.5', '2', '3', '4', '6'], { help: 'The distortion is measured for each of these p (and the headline p).' }),
  mMin: int('Smallest sample m', 20, 1, 8192, { help: 'Expected number of sampled rows at the first point.' }),
  mMax: int('Largest sample m', 1000, 1, 8192, { help: 'Expected number of sampled rows at the last point (geometric steps).' }),
  mSteps: int('Sample sizes', 8, 1, 24, { help: 'How many sample sizes between the smallest and the largest.' }),
  trials: int('Trials per size', 8, 1, 64, { help: 'Independent samples per scheme and size; the plots show the median.' }),
  schemes: multi('Schemes', [...SCHEMES], SCHEMES.map((s) => ({ value: s, label: SCHEME_LABELS[s] })), { help: 'Which row scores to sample by.' }),
  directions: int('Random directions', 64, 4, 1024, { help: 'For p ≠ 2 the distortion is measured over these Gaussian directions plus adversarial ones.' }),
  irls: int('IRLS steps', 30, 1, 200, { help: 'Iteratively reweighted least-squares steps for the ℓp regressions.' }),
  seed: seedField(),
};

export type SamplingConfig = ConfigOf<typeof samplingFields>;

/** Distortions above this are reported as this value (a sample that misses a direction has infinite distortion). */
export const DISTORTION_CAP = 1000;
