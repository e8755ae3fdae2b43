// The intrinsic-dimension experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { intrinsicDimensionFields } from './schema';
import { intrinsicDimensionPlots } from './plots';
import card from './card.md?raw';

export const intrinsicDimensionExperiment: ExperimentMeta<typeof intrinsicDimensionFields> = {
  id: 'intrinsic-dimension',
  title: 'Intrinsic dimension of a digits classifier',
  papers: [paper('Measuring the Intrinsic Dimension of Objective Landscapes')],
  fields: intrinsicDimensionFields,
  presets: {
    // Sized for the software adapter (SwiftShader): a small net, few steps, three subspaces and the toy around d = 10.
    quick: {
      hidden: 16, batchSize: 20, steps: 150, reportEvery: 50, trainPerClass: 30, dValues: ['20', '100', '400'],
      lr: 0.02, toyDValues: ['9', '10', '20'], toySteps: 1000,
    },
    default: {},
    named: [
      { id: 'fastfood', label: 'Fastfood projection', note: 'The same sweep with the structured H·G·Π·H·B projection (O(D) memory).', config: { projection: 'fastfood' } },
      { id: 'wide', label: 'Wider net', note: 'Four times the parameters: d_int barely moves (the paper’s observation).', config: { hidden: 128, dValues: ['10', '20', '50', '100', '200', '400', '800', '1600'] } },
      { id: 'toy-only', label: 'Only the toy', note: 'The 10-constraint toy alone, over d = 2…50.', config: { dValues: ['10'], steps: 10, toyDValues: ['2', '5', '8', '9', '10', '11', '12', '15', '20', '50'] } },
    ],
  },
  plots: intrinsicDimensionPlots,
  liveFields: ['threshold'],
  watchedMetrics: ['accuracy', 'full_accuracy', 'full_loss', 'current_loss', 'toy_loss'],
  card,
};
