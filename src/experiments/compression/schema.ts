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
  lr2vqSteps: int('LR²VQ training steps', 150, 0, 2000, { help: 'Adam steps of the learned LR²VQ (projection and codes trained, codebook by k-means steps); 0 = the fixed SVD one.' }),
  lr2vqLr: real('LR²VQ learning rate', 0.01, 1e-5, 1, { log: true }),
  lr2vqBeta: real('LR²VQ commitment β', 0.25, 0, 10, { help: 'Weight of ‖A − q(A)‖², pulling the codes toward their codewords.' }),
  seed: seedField(),
};

export type CompressionConfig = ConfigOf<typeof compressionFields>;
