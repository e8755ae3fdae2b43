// Guided tours of the pages about training in subspaces: intrinsic dimension, loss landscape, GaLore, sparse plus low-rank, LoRA, continual learning, sparse VI.
import type { Tour } from '../types';

export const TRAINING_TOURS: Readonly<Record<string, Tour>> = {
  'intrinsic-dimension': [
    {
      plot: 'accuracy-vs-d',
      look: 'Each point trains only d numbers z, with $\\theta = \\theta_0 + Pz$ for a fixed random P. The smallest d reaching 90% of full training’s accuracy is the [[intrinsic-dimension|intrinsic dimension]], given in the title.',
      change: { text: 'Raise the threshold to 0.95. It is a live knob: no new run.', set: { threshold: 0.95 } },
      expect: 'The bar rises, so the intrinsic dimension in the title can only grow or stay (or none of the d tried clears it).',
    },
    {
      plot: 'training-curves',
      look: 'Test accuracy during training: the last subspace run beside full training of all the weights.',
    },
    {
      plot: 'toy',
      look: 'The paper’s toy: 1000 parameters, 10 constraints. Below d = 10 a random subspace cannot satisfy them all; from d = 10 on the loss can reach 0, so the intrinsic dimension is exactly 10.',
      change: { text: 'Open the “Wider net” preset (four times the parameters) and run.', preset: 'wide' },
      expect: 'The intrinsic dimension of the digits problem barely moves although D grew fourfold: the paper’s observation.',
    },
  ],
  'loss-landscape': [
    {
      plot: 'loss-curves',
      look: 'Plain SGD and SAF from the same start on the same batches. SAF adds a penalty on how much the outputs changed since a few epochs ago, from its start epoch on.',
    },
    {
      plot: 'sharpness',
      look: '[[sharpness|Sharpness]]: the largest eigenvalue $\\lambda_{\\max}$ of the [[hessian|Hessian]] during training, by power iteration on exact Hessian-vector products. Read with care: $\\lambda_{\\max}$ also falls as the training loss goes to 0.',
    },
    {
      plot: 'slice-1d',
      look: 'The loss along one filter-normalized random direction through each final point: a wider valley is a flatter minimum, and these slices do not share $\\lambda_{\\max}$’s bias.',
    },
    {
      plot: 'surface',
      look: 'The loss on a plane of two filter-normalized random directions around the SGD minimum.',
      change: { text: 'Switch “Surface of” to SAF. It is a live knob: the other run’s surface was computed too.', set: { surfaceRun: 'saf' } },
      expect: 'The surface redraws around SAF’s minimum without a new run; compare the two minima.',
    },
  ],
  galore: [
    {
      plot: 'loss',
      look: 'Adam, GaLore, DCT, Fira and Q-GaLore from the same start on the same batches, at rank 4 with a refresh every 20 steps. [[gradient-projection|Gradient projection]] keeps the optimizer state in an r-dimensional subspace of each layer’s gradient.',
    },
    {
      plot: 'energy',
      look: 'The share of the gradient’s energy the subspace captures, $\\|P^\\top G\\|^2 / \\|G\\|^2$: it falls between refreshes as the gradient drifts out of the subspace.',
    },
    {
      plot: 'memory',
      look: 'Optimizer-state memory: Adam keeps two moments per weight, GaLore the moments of the r-dimensional projected gradient plus P, DCT only r column indices.',
    },
    {
      plot: 'svds',
      look: 'SVDs computed so far: GaLore and Fira take one per projected layer every T steps, DCT none.',
      change: { text: 'Open the “Lazy refresh” preset (a refresh every 10 steps, GaLore against Q-GaLore) and run.', preset: 'lazy' },
      expect: 'Q-GaLore’s adaptive gap skips most of the SVDs GaLore takes.',
    },
  ],
  'sparse-lowrank': [
    {
      plot: 'budget',
      look: 'Trainable parameters: low-rank keeps $r(m+n)$ per hidden matrix; SLTrain adds a fixed random sparse support, $r(m+n) + \\lfloor \\delta mn \\rfloor$; dense keeps all $mn$.',
    },
    {
      plot: 'loss-curves',
      look: 'The training loss at equal parameter budgets for the factored variants, same data and batches.',
      change: { text: 'Open the “Rank 2” preset and run.', preset: 'tiny-rank' },
      expect: 'At r = 2 low-rank training starves; the 3% sparse part carries SLTrain much further.',
    },
    {
      plot: 'spectrum',
      look: 'The [[spectrum]] of each learned hidden matrix. Low-rank training cannot leave its [[rank]], so its spectrum falls off a cliff at r; the sparse part gives SLTrain and LOST a full tail.',
    },
  ],
  lora: [
    {
      plot: 'accuracy-vs-params',
      look: 'Fine-tuning a network pretrained on digits 0–4 to digits 5–9: accuracy against trainable parameters, one line per [[low-rank-adapter|adapter]] over ranks 1–8. The diamond is full fine-tuning, the cross the classifier alone.',
    },
    {
      plot: 'cos-full',
      look: 'How closely each method’s change of the weight points the way full fine-tuning’s does: $\\cos(\\Delta W, \\Delta W_{\\text{full}})$ after the same batches.',
      change: { text: 'Open the “Small learning rate” preset (lr = 0.001) and run.', preset: 'tiny-lr' },
      expect: 'LoRA’s B = 0 start lags behind LoRA-SB’s informed one, which starts from the first full update’s subspace.',
    },
    {
      plot: 'conv-accuracy-vs-params',
      look: 'A CNN meets digits shifted by one pixel; only one 4-D convolution kernel trains. FLoRA keeps the kernel’s four modes (a Tucker core), LoRA flattens it to a matrix: compare them at the same parameter count.',
    },
  ],
  continual: [
    {
      plot: 'accuracy-coso',
      look: 'CoSO: row i, column j is the test accuracy on task i after training through task j. Each new task learns in directions orthogonal to the [[subspace]] earlier tasks used.',
    },
    {
      plot: 'accuracy-finetune',
      look: 'Plain fine-tuning on the same tasks: compare the two matrices column by column, below the diagonal.',
    },
    {
      plot: 'forgetting',
      look: 'Forgetting: how much each earlier task’s accuracy dropped from just after it was learned, for CoSO and for fine-tuning.',
      change: { text: 'Open the “Keep little history” preset (energy threshold 0.9) and run.', preset: 'loose-history' },
      expect: 'About one protected direction per task and layer: CoSO forgets nearly as much as fine-tuning.',
    },
    {
      plot: 'subspace-dims',
      look: 'The size of the historical subspace each task must stay orthogonal to (bars), and the directions each task adds (lines).',
    },
  ],
  'bayesian-sparse': [
    {
      plot: 'elbo',
      look: 'The ELBO per training sample for SSVI, which keeps Gaussians on only a fraction of the weights (the density), and for dense mean-field VI. The dense posterior pays KL on every coordinate, SSVI only on its support.',
    },
    {
      plot: 'density',
      look: 'Accuracy, NLL and calibration error against density. SSVI trains sparse from the first step; the baseline trains the dense network and prunes afterwards, and at 5% it is far behind.',
    },
    {
      plot: 'support',
      look: 'SSVI’s support over training: each round removes the weakest coordinates and adds as many promising ones, so its size never changes.',
      change: { text: 'Open the “Density 100%” preset and run.', preset: 'full-density' },
      expect: 'At 100% SSVI is dense mean-field VI step for step: their ELBO curves coincide.',
    },
  ],
};
