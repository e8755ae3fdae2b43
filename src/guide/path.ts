// The gallery's "start here" path: five lessons from what a low-rank matrix is to training and compressing in low rank.
import type { Lesson } from './types';

/** The lessons in reading order; every link names a live page and one of its presets (checked by path.test.ts). */
export const LESSONS: readonly Lesson[] = [
  {
    id: 'low-rank-matrix',
    title: 'What is a low-rank matrix?',
    text:
      'Every matrix is a sum of rank-one pieces ordered by its [[singular-value|singular values]]. When they fall fast, a few pieces carry almost everything: the matrix is close to [[low-rank]], and its best rank-k approximation stores far fewer numbers. Look at the [[spectrum]] of a photograph, of a matrix with a hidden rank under noise, and of the digits data.',
    links: [
      { page: 'spectrum', preset: 'quick', label: 'Spectrum of a photograph' },
      { page: 'spectrum', preset: 'noise-floor', label: 'A rank hidden in noise' },
      { page: 'spectrum', preset: 'digits-pca', label: 'Digits: ten directions' },
    ],
  },
  {
    id: 'data-on-subspaces',
    title: 'Data that lives on subspaces',
    text:
      'Real data often lies near a [[union-of-subspaces|union of subspaces]], one per group. [[self-expression|Self-expression]] finds the groups where k-means cannot; the [[coding-rate|coding rate]] measures how many directions a set of features spreads over, and maximizing the [[rate-reduction|rate reduction]] teaches a network to give each class its own small [[subspace]]. A denoiser of such data is itself a subspace clusterer.',
    links: [
      { page: 'subspace-clustering', preset: 'quick', label: 'Subspace clustering' },
      { page: 'subspace-clustering', preset: 'noisy', label: 'The same with noise 0.3' },
      { page: 'rate-reduction', preset: 'quick', label: 'Coding rate reduction' },
      { page: 'diffusion-subspaces', preset: 'quick', label: 'Diffusion as subspace clustering' },
    ],
  },
  {
    id: 'room-to-train',
    title: 'How much room does training need?',
    text:
      'A network has thousands of weights, yet training inside a random subspace of far fewer directions can still reach 90% of full training’s accuracy; the smallest such size is the problem’s [[intrinsic-dimension|intrinsic dimension]]. The loss landscape tells the same story from another side: training paths are nearly one-dimensional, and the [[sharpness]] of the minimum they reach is measured by the [[hessian|Hessian]]’s top eigenvalue.',
    links: [
      { page: 'intrinsic-dimension', preset: 'quick', label: 'Intrinsic dimension' },
      { page: 'loss-landscape', preset: 'quick', label: 'Loss landscape and sharpness' },
    ],
  },
  {
    id: 'train-in-low-rank',
    title: 'Training and fine-tuning in low rank',
    text:
      'If the change training makes is close to low-rank, train only that change: a [[low-rank-adapter|low-rank adapter]] fine-tunes a frozen network through a thin product BA, and [[gradient-projection|gradient projection]] (GaLore) keeps the optimizer’s memory in the top singular subspace of the gradient. A sparse part beside the low-rank one fills in the tail of the [[spectrum]].',
    links: [
      { page: 'lora', preset: 'quick', label: 'Low-rank adapters' },
      { page: 'galore', preset: 'quick', label: 'GaLore and its kin' },
      { page: 'galore', preset: 'rank-4', label: 'GaLore at rank 4' },
      { page: 'sparse-lowrank', preset: 'quick', label: 'Sparse plus low-rank' },
    ],
  },
  {
    id: 'compress',
    title: 'Compressing what was learned',
    text:
      'A trained layer can be stored in fewer bits by [[quantization]] or pruning; a small low-rank correction, chosen on real inputs, repairs the directions those inputs use most. Learned codecs carry the same trade to images: rate against distortion.',
    links: [
      { page: 'compression', preset: 'quick', label: 'Low-rank compensation' },
      { page: 'compression', preset: 'pruned', label: 'After 2:4 pruning' },
      { page: 'codecs', preset: 'quick', label: 'Learned codecs' },
    ],
  },
];
