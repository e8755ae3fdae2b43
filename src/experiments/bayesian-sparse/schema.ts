// The bayesian-sparse page's knobs: the BNN, SSVI's density and remove/add schedule, the prior, training and evaluation.
import { int, multi, real, seedField, type ConfigOf } from '../framework/fields';

/** Densities the sweep may include (the main density always joins it). */
export const SWEEP_DENSITIES = ['0.02', '0.05', '0.1', '0.2', '0.5', '1'] as const;

export const bayesianSparseFields = {
  density: real('Density (support fraction)', 0.1, 0.01, 1, { help: 'SSVI keeps a Gaussian on ⌊density·D⌋ of the D weights and biases; the rest are exactly zero.' }),
  densities: multi('Density sweep', ['0.05', '0.1', '0.2', '0.5'], SWEEP_DENSITIES.map((d) => ({ value: d, label: `${Number(d) * 100}%` })), {
    help: 'SSVI and the pruned dense BNN at each of these densities (one more SSVI training each), for the plots against density.',
  }),
  hidden: int('Hidden units', 64, 8, 256, { help: 'The BNN is 64 → hidden → 10 with ReLU.' }),
  priorSigma: real('Prior σ_p', 0.2, 0.01, 10, { log: true, help: 'p(θ) = N(0, σ_p²) on every coordinate.' }),
  initSigma: real('Initial σ₀', 0.01, 1e-4, 1, { log: true, help: 'σ of every coordinate at the start, and of each coordinate SSVI adds.' }),
  klWeight: real('KL weight β', 0.1, 0, 1, { help: 'ELBO_β = E_q[log p(D|θ)] − β·KL(q‖p); β = 1 is the true ELBO, smaller β (a tempered posterior) is the usual choice for BNNs on little data.' }),
  swapFraction: real('Swap fraction', 0.3, 0, 0.9, { help: 'Fraction of the support removed and re-added at the first update, decaying to 0 on a cosine.' }),
  updateEvery: int('Update support every (steps)', 50, 10, 10000, { help: 'ELBO steps between remove/add rounds (one readback each).' }),
  lr: real('Learning rate (Adam)', 0.01, 1e-5, 1, { log: true }),
  batchSize: int('Batch size', 64, 1, 512),
  steps: int('Steps', 1500, 20, 100000, { log: true }),
  reportEvery: int('Report every (steps)', 100, 10, 10000, { help: 'Two readbacks per report: training sums, test predictive and KL.' }),
  evalSamples: int('Posterior samples at test', 16, 1, 128, { help: 'M in p(y|x) ≈ (1/M) Σ softmax(f(x; θ_m)).' }),
  bins: int('Calibration bins', 10, 2, 30, { help: 'Equal-width confidence bins of the ECE and the reliability diagram.' }),
  testFraction: real('Test fraction', 0.2, 0.05, 0.5),
  trainPerClass: int('Training samples per class', 0, 0, 200, { help: '0 keeps every training sample.' }),
  seed: seedField(),
};

export type BayesianSparseConfig = ConfigOf<typeof bayesianSparseFields>;
