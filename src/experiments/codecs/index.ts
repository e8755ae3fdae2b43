// The codecs experiment's page half: knobs, presets, plots and card (no engine code).
import type { ExperimentMeta } from '../framework/types';
import { paper } from '../framework/paperLink';
import { codecsFields } from './schema';
import { codecsPlots } from './plots';
import card from './card.md?raw';

export const codecsExperiment: ExperimentMeta<typeof codecsFields> = {
  id: 'codecs',
  title: 'Learned codecs',
  papers: [paper('Learned Compression for Compressed Learning'), paper('Extreme Image Compression using Fine-tuned VQGANs')],
  fields: codecsFields,
  presets: {
    // Sized for the software adapter (SwiftShader): 256 patches of a 128² image, short trainings, 256 → 16 codes.
    quick: { size: '128', hidden: 32, steps: 150, lr: 0.01, aeSteps: 600, codebook: 256, codes: 16, vqSteps: 80, clsSteps: 300 },
    default: {},
    named: [
      { id: 'digits', label: 'Digits', note: 'The 8×8 digits as the patches, each digit one patch.', config: { source: 'digits' } },
      { id: 'fine-bins', label: 'Finer bins', note: 'Latent scale 64: finer bins for PCA and WaLLoC; see where their points move on the rate–distortion curve.', config: { scale: 64 } },
      { id: 'extreme', label: 'Extreme: 8 codes', note: 'The VQ codebook shrunk to 8 codes, the paper’s extreme regime: indices carry at most log₂ 8 = 3 bits of entropy per 8×8 patch.', config: { codes: 8 } },
    ],
  },
  plots: codecsPlots,
  watchedMetrics: ['bpp_walloc', 'psnr_walloc', 'bpp_pca', 'psnr_pca', 'bpp_vq', 'psnr_vq', 'linear_ae_gap'],
  card,
};
