// The compression page's knobs: the layer, the calibration set, the base compression and the ranks and codebooks.
import { choice, int, real, seedField, type ConfigOf } from '../framework/fields';

export const compressionFields = {
  hidden: int('Layer width', 32, 8, 64, { help: 'The compressed layer is W1 (width×64) of a 64→width→10 MLP trained on digits.' }),
  trainSteps: int('Training steps', 150, 10, 2000),
  calibration: int('Calibration samples', 256, 16, 1300, { help: 'Training digits used as the activations X (EoRA, CoSpaDi).' }),
  damping: real('Gram damping', 0.01, 1e-6, 1, { log: true, help: 'XᵀX/n + λ·mean(diag)·I: blank pixels make XᵀX singular, and the whitening needs its inverse.' }),
  base: choice('Base compression (for EoRA)', 'int4', [
    { value: 'int4', label: '4-bit rounding (per row)' },
    { value: '2:4', label: '2:4 pruning' },
  ]),
  kSvdIters: int('K-SVD iterations', 6, 1, 50),
  seed: seedField(),
};

export type CompressionConfig = ConfigOf<typeof compressionFields>;
