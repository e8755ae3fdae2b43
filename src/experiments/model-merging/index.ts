// The model-merging experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { modelMergingFields } from './schema';
import { modelMergingPlots } from './plots';
import card from './card.md?raw';

export const modelMergingExperiment: ExperimentMeta<typeof modelMergingFields> = {
  id: 'model-merging',
  title: 'Model merging in a Concrete subspace',
  papers: [paper('Concrete Subspace Learning based Interference Elimination for Multi-task Model Fusion')],
  fields: modelMergingFields,
  presets: {
    // Sized for the software adapter (about 6 s there): a narrower MLP, less data, fewer steps in every stage.
    quick: { hidden: 32, trainPerClass: 100, pretrainSteps: 300, fineTuneSteps: 100, maskSteps: 50, adaSteps: 30 },
    default: {},
    named: [],
  },
  plots: modelMergingPlots,
  watchedMetrics: ['acc_task_arithmetic', 'acc_ties', 'acc_concrete', 'mask_loss', 'ada_loss', 'concrete_ada_loss'],
  card,
};
