// The robust-recovery page's knobs: the planted low-rank matrix, the corrupted measurements, the fitted rank and the step schedules.
import { int, real, seedField, type ConfigOf } from '../framework/fields';

export const robustRecoveryFields = {
  n: int('Matrix size n', 20, 2, 48, { help: 'X* = U*U*ᵀ is n×n, symmetric positive semidefinite, normalized to ‖X*‖_F = 1.' }),
  trueRank: int('True rank', 2, 1, 8, { help: 'The rank of X*.' }),
  rank: int('Fitted rank r', 6, 1, 16, { help: 'Columns of U: at least the true rank; more over-parameterizes the model.' }),
  measurements: int('Measurements m', 400, 10, 2000, { help: 'y_i = ⟨A_i, X*⟩ (+ an outlier) with symmetric Gaussian A_i.' }),
  outliers: real('Outlier fraction', 0.15, 0, 0.45, { help: 'Share of the measurements replaced by gross errors s_i ~ N(0, scale²).' }),
  outlierScale: real('Outlier scale', 10, 0.01, 1000, { log: true, help: 'Standard deviation of the gross errors (‖X*‖_F = 1, so a clean y_i has standard deviation 1).' }),
  alpha: real('Initial scale α', 1e-3, 1e-6, 3, { log: true, help: 'U₀ = αB with B Gaussian, entries N(0, 1/n).' }),
  iterations: int('Iterations', 500, 10, 5000),
  step: real('SubGM step η₀', 0.3, 1e-4, 1, { log: true, help: 'ℓ1 subgradient step at iteration t: η₀ρᵗ.' }),
  decay: real('Step decay ρ', 0.98, 0.5, 1, { help: 'Geometric decay of the SubGM step, as in the paper.' }),
  stepL2: real('ℓ2 GD step', 0.05, 1e-4, 1, { log: true, help: 'Constant step of the gradient-descent baseline on (1/2m)Σ(⟨A_i, UUᵀ⟩ − y_i)².' }),
  every: int('Readback every k iterations', 10, 1, 500, { help: 'Errors and singular values are read from the device every k iterations (the plots’ resolution).' }),
  seed: seedField(),
};

export type RobustRecoveryConfig = ConfigOf<typeof robustRecoveryFields>;

/** The initial scales compared in the error-vs-iteration plot (ℓ1 SubGM, at the configured outlier fraction). */
export const ALPHA_SWEEP = [1e-3, 1e-2, 1e-1, 1];

/** The outlier fractions of the final-error sweep (ℓ1 SubGM and ℓ2 GD from the configured α). */
export const OUTLIER_SWEEP = [0, 0.1, 0.2, 0.3, 0.4];
