// Guided tours of the pages about matrices and data on subspaces: spectrum, clustering, rate reduction, diffusion, sampling, robust recovery.
import type { Tour } from '../types';

export const FOUNDATION_TOURS: Readonly<Record<string, Tour>> = {
  spectrum: [
    {
      plot: 'spectrum',
      look: 'The [[singular-value|singular values]] of the camera image, largest first, on a log scale. They drop fast over the first few and then slowly: the photograph is close to [[low-rank]], not exactly low-rank.',
    },
    {
      plot: 'energy',
      look: 'The share of the image’s energy $\\sum_{i \\le k} \\sigma_i^2 / \\sum_i \\sigma_i^2$ that the top k pieces keep; the dotted line is the chosen rank k.',
      change: { text: 'Set the rank k to 40. It is a live knob: the plots redraw from the computed factors without a new run.', set: { k: 40 } },
      expect: 'The dotted line moves right, and the reconstruction below is labelled rank-40 and looks sharper.',
    },
    {
      plot: 'error-vs-params',
      look: 'LoRD’s trade: the relative error of the rank-k approximation against the numbers its factors store, $k(m+n)$. Left of the dashed line ($k < mn/(m+n)$) the factors are smaller than the image.',
    },
    {
      plot: 'reconstruction',
      look: 'The image and its rank-k approximation $A_k$: its error is exactly the energy left in the tail, $\\sqrt{\\sum_{i>k} \\sigma_i^2}$ (Eckart–Young).',
      change: { text: 'Open the “Rank hidden in noise” preset and run: a rank-8 matrix plus noise.', preset: 'noise-floor' },
      expect: 'In the spectrum plot the values fall off a cliff after σ₈: the gap is the rank, and the noise floor lies flat behind it.',
    },
  ],
  'subspace-clustering': [
    {
      plot: 'scatter',
      look: 'The points in their top three principal directions, coloured by SSC’s clusters: three 3-dimensional [[subspace|subspaces]] of ℝ¹⁵, all through the origin.',
    },
    {
      plot: 'affinity',
      look: 'SSC’s affinity $|C| + |C|^\\top$ from [[self-expression]], rows sorted by true group. A block-diagonal affinity means points are written with points of their own subspace only.',
    },
    {
      plot: 'scores',
      look: 'Accuracy, NMI and ARI per method (1 is perfect). k-means looks for round blobs around centres, and subspaces through the origin share one centre, so the self-expressive methods score far above it.',
      change: { text: 'Open the “Heavy noise” preset (noise 0.3) and run.', preset: 'noisy' },
      expect: 'The affinity’s blocks blur and the methods part ways in the scores.',
    },
    {
      plot: 'dsc-stop',
      look: 'Label-free deep SSC: the relative self-expression error of its latent per epoch. Training stops, with no label, at the first epoch that does not improve it.',
    },
  ],
  'rate-reduction': [
    {
      plot: 'rates',
      look: 'The [[coding-rate|coding rates]] while the network trains: R of all features rises while $R_c$ of each class falls, so the [[rate-reduction|rate reduction]] $\\Delta R = R - R_c$ grows.',
    },
    {
      plot: 'spectra',
      look: 'Each class’s singular values before (dotted) and after training (solid): a class’s energy gathers in a few directions, a low-dimensional [[subspace]] of its own.',
      change: { text: 'Set ε² to 0.05, which prices every dimension higher, and run again.', set: { eps2: 0.05 } },
      expect: 'Each class spreads over more directions before $R_c$ stops it: compare the solid curves with the first run’s.',
    },
    {
      plot: 'gram',
      look: '$|\\langle z_i, z_j \\rangle|$ with samples sorted by class: after training the off-diagonal blocks are dark, so features of different classes are nearly orthogonal.',
    },
    {
      plot: 'crate-compression',
      look: 'A CRATE stack, layer by layer: the attention half step (MSSA, blue) lowers the coding rate of the tokens in the subspaces $U_k$; the ISTA half step (orange) sparsifies, as the next plot shows.',
    },
  ],
  'diffusion-subspaces': [
    {
      plot: 'phase-transition',
      look: 'The subspace error against the number of samples per class N, for d = 7. Noise-free points pin a d-dimensional [[subspace]] down once there are d of them: the error reaches 0 at N = 7, with labels and without.',
    },
    {
      plot: 'clustering-accuracy',
      look: 'The share of training samples assigned to their own component: fitting the denoiser is clustering them.',
    },
    {
      plot: 'denoising',
      look: 'The denoising error against the noise level σ: with enough samples the learned denoiser matches the true one; from too few it misses directions.',
      change: { text: 'Open the “Higher intrinsic dimension” preset (d = 12) and run.', preset: 'higher-dim' },
      expect: 'The transition moves to N = 12 while the ambient dimension stays 48: the samples needed grow with d, not with D.',
    },
  ],
  sampling: [
    {
      plot: 'scores',
      look: 'Each row’s [[leverage-score|leverage score]] and Lewis weight, rows sorted by leverage. Both sum to d; the few spike rows on the left carry almost a whole direction each.',
    },
    {
      plot: 'distortion-p1',
      look: 'The distortion of the sample at p = 1, $\\sup \\rho / \\inf \\rho$ with $\\rho = \\|SAx\\|_1 / \\|Ax\\|_1$, against the sample size m. Uniform sampling misses the spike rows and has by far the largest distortion at small m.',
      change: { text: 'Open the “Light tails, no spikes” preset (tail index 20) and run.', preset: 'light-tails' },
      expect: 'No row stands out, and uniform sampling is no longer far behind the score-based schemes.',
    },
    {
      plot: 'total-sensitivity',
      look: 'The total sensitivity 𝔖 for each p and the sample sizes it implies; the paper’s bounds sit far below 𝔖·d away from p = 2.',
    },
  ],
  'robust-recovery': [
    {
      plot: 'error-vs-iteration',
      look: 'The distance $\\|UU^\\top - X^\\star\\|_F$ per iteration with 15% of the measurements corrupted. The ℓ1 subgradient method from a small start recovers $X^\\star$; ℓ2 gradient descent fits the outliers and stalls.',
    },
    {
      plot: 'singular-values',
      look: 'The [[singular-value|singular values]] of U over time: the two true directions grow to their targets; from a small α the spurious ones stay small, from α = 1 (dotted) they start large and stay there.',
    },
    {
      plot: 'error-vs-outliers',
      look: 'The final error against the outlier fraction: the ℓ1 loss ignores a minority of gross errors, the ℓ2 loss averages them in.',
      change: { text: 'Open the “Exact rank, no outliers” preset (r = 2, clean measurements) and run.', preset: 'exact-rank' },
      expect: 'SubGM converges linearly to X⋆ and ℓ2 gradient descent recovers it too.',
    },
  ],
};
