// Runs label-free deep subspace clustering for the page and names its headline metrics (dsc_acc, ssc_raw_acc, …).
import type { Backend, Tensor } from '../../engine/backend';
import { deepSubspaceClustering } from '../../cluster/deepSelfExpression';
import type { Metrics } from '../framework/types';
import type { MethodOutcome } from './methods';
import type { SubspaceClusteringConfig } from './schema';

/** The 'dsc' method: its relative self-expression error per epoch is the curve, the stopping epoch a scalar. */
export async function runDsc(be: Backend, x: Tensor, k: number, config: SubspaceClusteringConfig): Promise<MethodOutcome> {
  const r = await deepSubspaceClustering(be, x, k, {
    seed: config.seed, restarts: config.restarts, hidden: config.dscHidden, latent: config.dscLatent,
    pretrainEpochs: config.dscPretrainEpochs, maxEpochs: config.dscMaxEpochs, lr: config.dscLr, topK: config.dscTopK,
  });
  return {
    labels: r.labels, affinity: r.affinity,
    curve: { iterations: r.relativeErrors.map((_, i) => i + 1), values: r.relativeErrors, name: 'relative self-expression error ‖Z − CᵀZ‖/‖Z‖' },
    // 0 means the rule never fired (ran to the epoch limit)
    scalars: { stop_epoch: r.stopEpoch ?? 0, epochs: r.epochs, final_relative_error: r.relativeErrors[r.relativeErrors.length - 1] },
  };
}

/** The page's headline names for the deep method against classical SSC on the raw data (when both ran). */
export function dscHeadline(m: Metrics): Metrics {
  const out: Metrics = {};
  if (m.accuracy_dsc !== undefined) Object.assign(out, { dsc_acc: m.accuracy_dsc, dsc_nmi: m.nmi_dsc, dsc_stop_epoch: m.stop_epoch_dsc });
  if (m.accuracy_ssc !== undefined) Object.assign(out, { ssc_raw_acc: m.accuracy_ssc, ssc_raw_nmi: m.nmi_ssc });
  return out;
}
