// The registry of experiment pages in this build (page half: no engine code).
import type { ExperimentMeta } from './framework/types';
import type { Fields } from './framework/fields';
import { spectrumExperiment } from './spectrum';
import { intrinsicDimensionExperiment } from './intrinsic-dimension';
import { subspaceClusteringExperiment } from './subspace-clustering';
import { rateReductionExperiment } from './rate-reduction';
import { diffusionSubspacesExperiment } from './diffusion-subspaces';
import { lossLandscapeExperiment } from './loss-landscape';
import { galoreExperiment } from './galore';
import { sparseLowRankExperiment } from './sparse-lowrank';
import { grassmannExperiment } from './grassmann';
import { loraExperiment } from './lora';
import { compressionExperiment } from './compression';
import { continualExperiment } from './continual';
import { robustRecoveryExperiment } from './robust-recovery';
import { alignmentExperiment } from './alignment';
import { samplingExperiment } from './sampling';
import { koopmanExperiment } from './koopman';
import { bayesianSparseExperiment } from './bayesian-sparse';
import { reroutingExperiment } from './rerouting';
import { unpgExperiment } from './unpg';
import { modelMergingExperiment } from './model-merging';
import { hydraExperiment } from './hydra';
import { dynamicSubspacesExperiment } from './dynamic-subspaces';
import { hybridAdaptationExperiment } from './hybrid-adaptation';
import { codecsExperiment } from './codecs';

export const EXPERIMENTS: readonly ExperimentMeta<Fields>[] = [
  spectrumExperiment as unknown as ExperimentMeta<Fields>,
  intrinsicDimensionExperiment as unknown as ExperimentMeta<Fields>,
  subspaceClusteringExperiment as unknown as ExperimentMeta<Fields>,
  rateReductionExperiment as unknown as ExperimentMeta<Fields>,
  diffusionSubspacesExperiment as unknown as ExperimentMeta<Fields>,
  lossLandscapeExperiment as unknown as ExperimentMeta<Fields>,
  galoreExperiment as unknown as ExperimentMeta<Fields>,
  sparseLowRankExperiment as unknown as ExperimentMeta<Fields>,
  grassmannExperiment as unknown as ExperimentMeta<Fields>,
  loraExperiment as unknown as ExperimentMeta<Fields>,
  compressionExperiment as unknown as ExperimentMeta<Fields>,
  continualExperiment as unknown as ExperimentMeta<Fields>,
  robustRecoveryExperiment as unknown as ExperimentMeta<Fields>,
  alignmentExperiment as unknown as ExperimentMeta<Fields>,
  samplingExperiment as unknown as ExperimentMeta<Fields>,
  koopmanExperiment as unknown as ExperimentMeta<Fields>,
  bayesianSparseExperiment as unknown as ExperimentMeta<Fields>,
  reroutingExperiment as unknown as ExperimentMeta<Fields>,
  unpgExperiment as unknown as ExperimentMeta<Fields>,
  modelMergingExperiment as unknown as ExperimentMeta<Fields>,
  hydraExperiment as unknown as ExperimentMeta<Fields>,
  dynamicSubspacesExperiment as unknown as ExperimentMeta<Fields>,
  hybridAdaptationExperiment as unknown as ExperimentMeta<Fields>,
  codecsExperiment as unknown as ExperimentMeta<Fields>,
];

export function getExperiment(id: string): ExperimentMeta<Fields> | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** Ids of the experiments this build can run. */
export function availableExperimentIds(): string[] {
  return EXPERIMENTS.map((e) => e.id);
}
