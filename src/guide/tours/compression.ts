// Guided tours of the pages about compressing, merging and comparing what was learned: compression, codecs, model merging, Grassmann classes, alignment, Koopman.
import type { Tour } from '../types';

export const COMPRESSION_TOURS: Readonly<Record<string, Tour>> = {
  compression: [
    {
      plot: 'compensation',
      look: 'A trained layer after int4 [[quantization]], repaired by a rank-r correction of its error ΔW. EoRA picks the correction in the directions the calibration inputs use (weighted by their Gram matrix); its error is exactly the singular-value tail of $\\Delta W \\cdot S$, never above plain SVD’s.',
      change: { text: 'Open the “2:4 pruning + EoRA” preset (half the weights zeroed) and run.', preset: 'pruned' },
      expect: 'EoRA again repairs the directions the inputs use most, and stays at or below plain SVD at every rank.',
    },
    {
      plot: 'lr2vq-training',
      look: 'Learned LR²VQ: the calibration loss per step, starting from the fixed SVD version.',
    },
    {
      plot: 'error-vs-size',
      look: 'The relative error of the layer’s outputs on held-out digits against the bytes stored; the dashed line is the dense float32 layer.',
      change: { text: 'Set the LR²VQ training steps to 0 and run again.', set: { lr2vqSteps: 0 } },
      expect: 'With no training steps the learned LR²VQ curve lies on the fixed one.',
    },
  ],
  codecs: [
    {
      plot: 'rate-distortion',
      look: 'Rate against distortion for three codecs on image patches: PCA and a WaLLoC-style wavelet codec at several quantization steps, vector quantization at several codebook sizes. Up and to the left is better.',
    },
    {
      plot: 'reconstructions',
      look: 'The same patches decoded by each codec; PCA is shown at the point whose rate is nearest WaLLoC’s.',
    },
    {
      plot: 'codebook-usage',
      look: 'How many patches pick each codeword of the VQ codebook. A peaked histogram has low entropy, so its indices cost fewer bits.',
      change: { text: 'Open the “Extreme: 8 codes” preset and run.', preset: 'extreme' },
      expect: 'Eight codes: each 8×8 patch costs at most $\\log_2 8 = 3$ bits, the paper’s extreme regime.',
    },
    {
      plot: 'compressed-learning',
      look: 'The same small classifier trained on 16 numbers per digit, coded two ways: the rounded latents of the linear wavelet encoder beat 4×4 downsampling.',
    },
  ],
  'model-merging': [
    {
      plot: 'accuracy',
      look: 'One bar per model and task: the pretrained θ₀, one fine-tune per task, and the merges. The title gives each merge’s mean accuracy.',
    },
    {
      plot: 'mask-density',
      look: 'The share of each layer’s parameters the learned mask keeps ($\\sigma(\\ell) > \\tfrac12$), learned from unlabeled inputs only.',
      change: { text: 'Turn on the per-layer rescaling of the mask and run again.', set: { rescaleMask: true } },
      expect: 'The mask keeps fewer parameters: a sparser mask divides by a smaller mean, so each kept entry counts for more.',
    },
    {
      plot: 'angles',
      look: 'The angle between two tasks’ vectors before and after masking; 90° means orthogonal, no interference in direction.',
    },
  ],
  grassmann: [
    {
      plot: 'accuracy',
      look: 'Test accuracy when each class is a k-dimensional [[subspace]] and a sample’s logit is the norm of its [[projection]] onto it; the dotted lines are the softmax MLP and a cosine-softmax head.',
    },
    {
      plot: 'variability',
      look: 'Within-class spread of the features against k: a larger k leaves features more room to vary inside their class.',
    },
    {
      plot: 'angles',
      look: 'The smallest [[principal-angle|principal angle]] between every pair of class subspaces: ten k-dimensional subspaces of ℝ¹⁶ must share directions once $10k > 16$.',
      change: { text: 'Open the “Roomier features” preset (d = 48) and run.', preset: 'wide-features' },
      expect: 'Ten 8-dimensional subspaces now fit nearly orthogonally: the principal angles open up.',
    },
  ],
  alignment: [
    {
      plot: 'unit-correlation',
      look: 'Two nets trained separately on the same digits: the correlation of every hidden unit of one with every unit of the other, sorted by the best one-to-one matching. The caption gives CKA and SVCCA, which compare whole subspaces.',
    },
    {
      plot: 'matching',
      look: 'Where the one-to-one curve falls below the SVCCA curve, the nets agree as a [[subspace]] more than unit by unit.',
      change: { text: 'Open the “Wider nets” preset (64 hidden units, this section only) and run.', preset: 'wide-nets' },
      expect: 'Compare the one-to-one matching with SVCCA again on the wider nets.',
    },
    {
      plot: 'retrieval',
      look: 'Two encoders of two views of each digit, aligned by CCA, PLS or Procrustes on training pairs: how often an image finds its own other view among all test digits, against the projection dimension k.',
    },
    {
      plot: 'probe',
      look: 'A linear probe on each layer of a contrastive encoder: h is the encoder output before the projection head, z after it.',
    },
  ],
  koopman: [
    {
      plot: 'eigenvalues',
      look: 'One-step eigenvalues of the learned linear dynamics. EDMD’s dictionary spans an invariant subspace, so it lands on the truth; DMD on the raw state can fit only two and biases them.',
    },
    {
      plot: 'entropy',
      look: 'The von Neumann entropy S of the latent covariance: 0 when the latent collapses onto one mode, $\\log k$ when its variance spreads evenly. The small entropy weight keeps it near $\\log k$.',
      change: { text: 'Set both information weights (entropy and mutual information) to 0 and run again.', set: { entropyWeight: 0, miWeight: 0 } },
      expect: 'A plain Koopman autoencoder: the latent variance concentrates (S ≈ 0.4, one direction holds about 90% of it) while the eigenvalues stay close.',
    },
    {
      plot: 'spectrum',
      look: 'The eigenvalues of the normalized latent covariance ρ: how the variance spreads over the latent directions.',
    },
    {
      plot: 'trajectories',
      look: 'Predictions far past the training horizon from three starts: trajectories fall fast onto the slow manifold and creep along it.',
    },
  ],
};
