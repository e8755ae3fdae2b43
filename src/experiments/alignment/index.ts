// The alignment experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { alignmentFields } from './schema';
import { alignmentPlots } from './plots';
import card from './card.md?raw';

export const alignmentExperiment: ExperimentMeta<typeof alignmentFields> = {
  id: 'alignment',
  title: 'Representation alignment: matching units, views and projections',
  papers: [
    paper('Convergent Learning: Do different neural networks learn the same representations?'),
    paper("Escaping Plato's Cave: Towards the Alignment of 3D and Text Latent Spaces"),
    paper('Investigating the Benefits of Projection Head for Representation Learning'),
    paper('Simple Projection Variants Improve ColBERT Performance'),
  ],
  fields: alignmentFields,
  presets: {
    // Sized for the software adapter: small training sets, short runs, a 60-digit ColBERT gallery.
    quick: { trainPerClass: 30, steps: 60, contrastiveSteps: 30, probeSteps: 40, colbertSteps: 12, gallery: 60, ks: ['1', '4', '16'] },
    default: {},
    named: [
      { id: 'views-only', label: 'Two views only', note: 'Just the Plato’s Cave section, with a noisier second view.', config: { sections: ['plato'], viewNoise: 0.4 } },
      { id: 'wide-nets', label: 'Wider nets', note: 'Convergent Learning alone with 64 hidden units: compare the one-to-one matching with SVCCA.', config: { hidden: 64, sections: ['convergent'] } },
    ],
  },
  plots: alignmentPlots,
  watchedMetrics: ['cka', 'retrieval_at_k', 'probe_accuracy', 'ndcg10'],
  card,
};
