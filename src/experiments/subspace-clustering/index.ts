// The subspace-clustering experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { SUBSPACE_CLUSTERING_LIVE_FIELDS, subspaceClusteringFields } from './schema';
import { PCA_FRAME, subspaceClusteringPlots } from './plots';
import card from './card.md?raw';

export const subspaceClusteringExperiment: ExperimentMeta<typeof subspaceClusteringFields> = {
  id: 'subspace-clustering',
  title: 'Subspace clustering',
  papers: [
    paper('Sparse Subspace Clustering: Algorithm, Theory, and Applications'),
    paper('Oracle Based Active Set Algorithm for Scalable Elastic Net Subspace Clustering'),
    paper('Robust and Efficient Subspace Segmentation via Least Squares Regression'),
    paper('Unsupervised Manifold Linearizing and Clustering'),
    paper('Label-independent hyperparameter-free self-supervised single-view deep subspace clustering'),
  ],
  fields: subspaceClusteringFields,
  presets: {
    // Sized for the software WebGPU adapter (SwiftShader, ~0.1–0.2 GFLOP/s): 75 points in R¹⁵, six methods (deep SSC: 100 pre-training epochs; MLC: 60 steps).
    quick: { subspaces: 3, dim: 3, ambient: 15, perSubspace: 25, methods: ['kmeans', 'ssc', 'lsr', 'spectral', 'dsc', 'mlc'], admmIterations: 60, restarts: 5, kssDim: 3, dscPretrainEpochs: 100, dscLatent: 8, mlcSteps: 60 },
    default: {},
    named: [
      { id: 'mlc', label: 'MLC: learned membership', note: 'Features and a doubly stochastic Π trained jointly: from Π₀ near chance to about the fixed reading, which is already near perfect on these clean subspaces.', config: { methods: ['mcr2', 'mlc'], show: 'mlc' } },
      { id: 'mlc-digits', label: 'MLC on digits', note: 'MLC on 20 samples of each of 5 digits: without pretrained features the tiny MLP loses to the fixed reading.', config: { source: 'digits', digitClasses: 5, perDigit: 20, methods: ['mcr2', 'mlc'], show: 'mlc', mlcSteps: 100 } },
      { id: 'digits', label: 'Digits', note: '40 samples of each digit: self-expression on real images.', config: { source: 'digits', methods: ['kmeans', 'spectral', 'ssc', 'ensc', 'lsr'], show: 'spectral' } },
      { id: 'noisy', label: 'Heavy noise', note: 'Noise 0.3: the affinity blurs and the methods part ways.', config: { noise: 0.3 } },
      { id: 'outliers', label: 'Outliers', note: '30% extra points scattered on the sphere.', config: { outliers: 0.3 } },
      { id: 'intersecting', label: 'Intersecting subspaces', note: 'Five 6-dim subspaces in R¹⁵ overlap: far harder.', config: { subspaces: 5, dim: 6, ambient: 15, perSubspace: 40, kssDim: 6 } },
      { id: 'deep-digits', label: 'Deep SSC on digits', note: 'Label-free deep subspace clustering against SSC on the raw pixels.', config: { source: 'digits', digitClasses: 5, perDigit: 30, methods: ['ssc', 'dsc'], show: 'dsc' } },
      { id: 'top-k', label: 'Top-k coefficients', note: 'Keep only 5 coefficients per column before the affinity.', config: { topK: 5, noise: 0.2 } },
    ],
  },
  plots: subspaceClusteringPlots,
  liveFields: [...SUBSPACE_CLUSTERING_LIVE_FIELDS],
  plots3d: true,
  sceneFrame: () => PCA_FRAME,
  card,
};
