// The koopman page's knobs: the slow-manifold system, the training windows, the autoencoder, and the Lagrangian's weights.
import { int, real, seedField, type ConfigOf } from '../framework/fields';

export const koopmanFields = {
  mu: real('Slow rate μ', -0.2, -2, -0.01, { step: 0.01, help: 'ẋ₁ = μx₁: the slow direction (μ < 0, |μ| < |λ| for a slow manifold).' }),
  lambda: real('Fast rate λ', -1, -5, -0.05, { step: 0.05, help: 'ẋ₂ = λ(x₂ − x₁²): the fast pull onto the parabola x₂ = b·x₁².' }),
  dt: real('Step Δt', 0.25, 0.01, 1, { step: 0.01, help: 'Sampling step; the true eigenvalues are e^{μΔt}, e^{λΔt}, e^{2μΔt}.' }),
  trajectories: int('Trajectories', 96, 4, 512, { help: 'Training windows, from initial states uniform in [−1, 1]².' }),
  horizon: int('Prediction horizon S', 8, 2, 32, { help: 'Steps per window: the autoencoder is trained to predict z₀Kˢ for s = 1…S.' }),
  latent: int('Latent dimension k', 3, 3, 8, { help: 'Size of z and K; 3 is the dimension of the invariant subspace span{x₁, x₂, x₁²}.' }),
  hidden: int('Hidden width', 48, 4, 128, { help: 'Width of the encoder’s and decoder’s tanh layer.' }),
  steps: int('Training steps', 2000, 10, 20000, { help: 'Full-batch Adam steps.' }),
  lr: real('Learning rate', 0.02, 1e-4, 0.1, { log: true, help: 'Adam’s step size.' }),
  linearity: real('Latent linearity weight γ', 1, 0, 10, { help: 'Weight of ‖z₀Kˢ − enc(x_s)‖² beside the decoded reconstruction and prediction losses.' }),
  entropyWeight: real('Entropy weight β', 0.01, 0, 1, { step: 0.001, help: 'The Lagrangian’s −β·S term: rewards spreading latent variance over all k directions (against mode collapse).' }),
  miWeight: real('Mutual-information weight α', 0.01, 0, 1, { step: 0.001, help: 'The Lagrangian’s α·InfoNCE term: latents predictive of their temporal neighbours (simplicity).' }),
  neighbourhood: int('InfoNCE neighbourhood m', 1, 1, 4, { help: 'Positives are the latents within m steps; needs S + 1 > 2m times per window.' }),
  temperature: real('InfoNCE temperature τ', 0.5, 0.01, 10, { log: true, help: 'Cosine similarities are divided by τ.' }),
  testSteps: int('Test horizon', 60, 5, 400, { help: 'Steps of the long-horizon predictions, far beyond the training horizon S.' }),
  seed: seedField(),
};

export type KoopmanConfig = ConfigOf<typeof koopmanFields>;

/** Fixed initial states of the long-horizon test trajectories (one per quadrant-ish, away from the training windows' mean). */
export const TEST_STARTS = Float64Array.from([0.9, -0.6, -0.8, 0.7, 0.4, 0.9]);
