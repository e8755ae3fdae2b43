// The registry of experiment pages in this build (page half: no engine code).
import type { ExperimentMeta } from './framework/types';
import { defineExperiment } from './framework/defineExperiment';
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

export const EXPERIMENTS: readonly ExperimentMeta[] = [
  defineExperiment(spectrumExperiment),
  defineExperiment(intrinsicDimensionExperiment),
  defineExperiment(subspaceClusteringExperiment),
  defineExperiment(rateReductionExperiment),
  defineExperiment(diffusionSubspacesExperiment),
  defineExperiment(lossLandscapeExperiment),
  defineExperiment(galoreExperiment),
  defineExperiment(sparseLowRankExperiment),
  defineExperiment(grassmannExperiment),
  defineExperiment(loraExperiment),
  defineExperiment(compressionExperiment),
  defineExperiment(continualExperiment),
  defineExperiment(robustRecoveryExperiment),
  defineExperiment(alignmentExperiment),
  defineExperiment(samplingExperiment),
  defineExperiment(koopmanExperiment),
  defineExperiment(bayesianSparseExperiment),
  defineExperiment(reroutingExperiment),
  defineExperiment(unpgExperiment),
  defineExperiment(modelMergingExperiment),
  defineExperiment(hydraExperiment),
  defineExperiment(dynamicSubspacesExperiment),
  defineExperiment(hybridAdaptationExperiment),
  defineExperiment(codecsExperiment),
];

export function getExperiment(id: string): ExperimentMeta | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** Ids of the experiments this build can run. */
export function availableExperimentIds(): string[] {
  return EXPERIMENTS.map((e) => e.id);
}
