// Knobs of the label-free deep subspace clustering method (kept apart so the page's schema only spreads them in).
import { int, real } from '../framework/fields';

const usesDsc = (c: Record<string, unknown>) => Array.isArray(c.methods) && (c.methods as string[]).includes('dsc');

/** Fields of the 'dsc' method; spread into the page's schema. */
export const DSC_FIELDS = {
  dscHidden: int('DSC hidden width', 32, 4, 256, { visibleWhen: usesDsc, help: 'Autoencoder d → hidden → latent → hidden → d, tanh between layers.' }),
  dscLatent: int('DSC latent width', 16, 2, 64, { visibleWhen: usesDsc, help: 'Wide enough to hold the subspaces side by side (at least their summed dimensions).' }),
  dscPretrainEpochs: int('DSC pre-training epochs', 100, 0, 2000, { visibleWhen: usesDsc, help: 'Reconstruction only, full batch, before C joins.' }),
  dscMaxEpochs: int('DSC most fine-tuning epochs', 300, 2, 5000, { visibleWhen: usesDsc, help: 'Training stops earlier, at the first epoch whose relative self-expression error does not improve.' }),
  dscLr: real('DSC learning rate', 0.01, 0.0001, 0.1, { log: true, visibleWhen: usesDsc, help: 'Adam, both stages.' }),
  dscTopK: int('DSC top-k coefficients', 5, 0, 64, { visibleWhen: usesDsc, help: 'Keep the k largest |c_ij| per column (prior knowledge, e.g. about the subspace dimension); 0 keeps all.' }),
};
