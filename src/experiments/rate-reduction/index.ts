// The rate-reduction experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { rateReductionFields } from './schema';
import { rateReductionPlots } from './plots';
import card from './card.md?raw';

export const rateReductionExperiment: ExperimentMeta<typeof rateReductionFields> = {
  id: 'rate-reduction',
  title: 'Coding rate reduction',
  papers: [
    paper('Learning Diverse and Discriminative Representations via the Principle of Maximal Coding Rate Reduction'),
    paper('Unsupervised Manifold Linearizing and Clustering'),
    paper('White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?'),
  ],
  fields: rateReductionFields,
  presets: {
    // Sized for the software adapter (SwiftShader): few samples, a small net, a short CRATE stack on 8 images.
    quick: { samples: 48, hidden: 16, featureDim: 6, steps: 100, lr: 0.01, reportEvery: 10, crateImages: 8, crateLayers: 3, crateTrainImages: 48, crateTestImages: 64, crateTrainSteps: 40, crateTrainLayers: 2, crateLr: 0.02 },
    default: {},
    named: [
      { id: 'mlc', label: 'Unsupervised (MLC-style)', note: 'No labels: R_c compresses the neighborhoods a Sinkhorn Π finds in the features.', config: { objective: 'mlc', samples: 96, steps: 300, temperature: 0.1 } },
      { id: 'small-eps', label: 'Small ε²', note: 'ε² = 0.05 prices dimensions higher: classes spread over more directions before R_c stops them.', config: { eps2: 0.05 } },
      { id: 'deep-crate', label: 'Deep CRATE', note: 'Twelve layers on 128 digits: the compress/sparsify zig-zag repeats at every layer.', config: { steps: 100, crateImages: 128, crateLayers: 12 } },
    ],
  },
  plots: rateReductionPlots,
  watchedMetrics: ['rate_R', 'rate_Rc', 'rate_deltaR', 'deltaR_final', 'crate_Rc', 'crate_train_loss', 'crate_acc_trained', 'crate_acc_random'],
  card,
};
