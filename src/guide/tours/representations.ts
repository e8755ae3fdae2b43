// Guided tours of the pages about subspaces inside learned representations: rerouting, UNPG, Hydra, dynamic subspace learners, hybrid domain adaptation.
import type { Tour } from '../types';

export const REPRESENTATION_TOURS: Readonly<Record<string, Tour>> = {
  rerouting: [
    {
      plot: 'success',
      look: 'Three attacks turn a classifier’s “1” into a “7” by changing the input: subspace rerouting (move the hidden state out of the source class’s [[subspace]] into the target’s), a probe attack and the plain targeted attack, all with steps of the same size.',
    },
    {
      plot: 'norm',
      look: 'The mean size $\\|\\delta\\|_2$ of the input change; a digit stops moving once it succeeds, so a flat curve means every digit has.',
    },
    {
      plot: 'path',
      look: 'The hidden states’ mean path, as the lengths of its [[projection|projections]] on the two class subspaces, from the clean source digits toward the target class’s mean.',
      change: { text: 'Open the “One direction per class” preset (k = 1) and run.', preset: 'one-direction' },
      expect: 'Each class is now its top singular direction, like a single steering direction: compare the three success curves with the k = 4 run.',
    },
  ],
  unpg: [
    {
      plot: 'loss',
      look: 'CosFace and UNPG from the same weights on the same batches. UNPG adds the mini-batch’s negative pairs to every denominator, so at the same weights its loss is the larger.',
    },
    {
      plot: 'negatives',
      look: 'The mismatch the paper names: the negatives a classification loss samples (cosines to the other classes’ weights) stop short of the hardest negative pairs between samples.',
    },
    {
      plot: 'similarities',
      look: 'Held-out pair similarities: a discriminative feature space keeps the positives (solid) to the right of the negatives (dotted).',
      change: { text: 'Open the “Bigger batch” preset (batch 128) and run.', preset: 'big-batch' },
      expect: 'UNPG adds about four times as many negative pairs per step; compare the two runs’ similarity densities.',
    },
    {
      plot: 'verification',
      look: 'Every held-out pair as a verification trial: true accepts against false accepts as the threshold moves.',
    },
  ],
  hydra: [
    {
      plot: 'probe',
      look: 'A linear probe on each encoder’s frozen embedding. Hydra treats pairs of different digits as positives, each pair meeting in its own gated [[subspace]]. Compare its probe with SimCLR’s.',
    },
    {
      plot: 'spectra',
      look: 'The embeddings’ normalized eigenvalues and [[effective-rank|effective rank]]: a curve that drops off early is a collapsed embedding.',
    },
    {
      plot: 'gates',
      look: 'The gate table: cell (a, b) is the share of the embedding the pair {a, b} meets in. The gates start at ½.',
      change: { text: 'Open the “No gate penalty” preset (λ = 0) and run.', preset: 'no-sparsity' },
      expect: 'Only the contrastive loss moves the gates, and they stay more open than with the penalty.',
    },
  ],
  'dynamic-subspaces': [
    {
      plot: 'learners',
      look: 'The number of metric learners K, each on its own slice (a [[subspace]]) of one embedding: K is not given, a learner joins whenever the windowed loss stops improving.',
    },
    {
      plot: 'loss',
      look: 'The triplet loss: a new learner starts from random weights on a harder share of the data, so the mean loss jumps when one joins (dotted lines).',
    },
    {
      plot: 'scores',
      look: 'Retrieval recall@k and clustering NMI on held-out digits: the dynamic model, a single metric learner trained beside it, and the raw pixels (grey).',
      change: { text: 'Open the “One learner only” preset and run.', preset: 'one-learner' },
      expect: 'With at most one learner the dynamic model is the single metric learner, step for step: the dynamic and single-learner bars agree.',
    },
    {
      plot: 'attention',
      look: 'Each learner’s attention over the 64 pixels, averaged over test digits; the uniform map is 1/64 everywhere. Do different learners look at different strokes?',
    },
  ],
  'hybrid-adaptation': [
    {
      plot: 'samples',
      look: 'A digit generator adapted toward two target domains at once, thick strokes and slanted digits, from a few shots of each: the shots, then the source and the adapted generator on the same latents.',
    },
    {
      plot: 'distances',
      look: 'The distance of the generated digits to each domain’s [[subspace]] (the span of its encoded shots), $\\|(I - P_iP_i^\\top)e\\|$: the hybrid lowers both at once.',
      change: { text: 'Open the “Only thick strokes” preset (α_A = 1) and run.', preset: 'thick-only' },
      expect: 'Plain few-shot adaptation to one domain: distance A falls further while distance B barely moves.',
    },
    {
      plot: 'identity',
      look: 'Does an independent classifier still read the digit? The direction loss keeps each move along the perpendicular from the source, so the digit’s class is kept.',
    },
  ],
};
