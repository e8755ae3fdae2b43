// The alignment page's knobs: which sections run, the digits nets, the two views, contrastive training, ColBERT variants.
import { int, multi, real, seedField, type ConfigOf } from '../framework/fields';

export const SECTIONS = [
  { value: 'convergent', label: 'Convergent Learning' },
  { value: 'plato', label: 'Escaping Plato’s Cave' },
  { value: 'projection', label: 'Projection head' },
  { value: 'colbert', label: 'ColBERT projections' },
] as const;

export const K_OPTIONS = ['1', '2', '4', '8', '16', '32'] as const;

const runs = (section: string) => (c: Record<string, unknown>) => Array.isArray(c.sections) && c.sections.includes(section);

export const alignmentFields = {
  sections: multi('Sections', SECTIONS.map((s) => s.value), SECTIONS, { help: 'Each section is one paper; unchecked ones are skipped.' }),
  trainPerClass: int('Training digits per class', 130, 10, 140, { help: 'At most this many training digits per class; a quarter of each class is held out for testing.' }),
  hidden: int('Hidden width', 32, 8, 128, { help: 'Width of the hidden layer of every digits MLP (Convergent Learning and both Plato encoders) and of the contrastive encoder.' }),
  steps: int('Classifier steps', 300, 10, 3000, { help: 'Adam steps (lr 0.01, batch 32) for each digits classifier.' }),
  svccaDims: int('SVCCA directions', 10, 1, 64, { help: 'SVCCA keeps this many top singular directions of each hidden layer before CCA.', visibleWhen: runs('convergent') }),
  ks: multi('Projection dimensions k', ['1', '2', '4', '8', '16'], K_OPTIONS, { help: 'CCA and PLS project both views onto k dimensions before retrieval (k ≤ hidden width).', visibleWhen: runs('plato') }),
  viewNoise: real('Second-view noise', 0.15, 0, 2, { help: 'Standard deviation of the pixel noise added to the pooled 4×4 view.', visibleWhen: runs('plato') }),
  knn: int('Mutual-kNN k', 10, 1, 50, { help: 'Neighbourhood size for the mutual k-nearest-neighbour alignment score.', visibleWhen: runs('plato') }),
  contrastiveSteps: int('Contrastive steps', 400, 10, 5000, { help: 'Adam steps (lr 0.003) of InfoNCE on two augmented views (shift ≤ 1 pixel, noise).', visibleWhen: runs('projection') }),
  temperature: real('Temperature τ', 0.2, 0.02, 2, { log: true, visibleWhen: runs('projection') }),
  probeSteps: int('Linear-probe steps', 200, 10, 3000, { help: 'Adam steps of each linear probe (a softmax layer on frozen features).', visibleWhen: runs('projection') }),
  colbertSteps: int('ColBERT steps', 150, 5, 3000, { help: 'Adam steps (lr 0.01, 16 queries per batch, in-batch negatives) per variant and seed.', visibleWhen: runs('colbert') }),
  colbertDim: int('Token dimension', 8, 2, 64, { help: 'Output width of the final token projection.', visibleWhen: runs('colbert') }),
  colbertSeeds: int('Seeds per variant', 3, 1, 5, { visibleWhen: runs('colbert') }),
  gallery: int('Gallery size', 200, 20, 450, { help: 'Test digits in the retrieval gallery; each has one query, an augmented copy of it.', visibleWhen: runs('colbert') }),
  augmentNoise: real('Augmentation noise', 0.1, 0, 1, { help: 'Pixel noise of the augmented views (contrastive pairs and ColBERT queries).' }),
  seed: seedField(),
};

export type AlignmentConfig = ConfigOf<typeof alignmentFields>;
