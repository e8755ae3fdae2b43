// The compute half of every experiment, for the worker (and Node tests): id → run generator.
import type { ExperimentRun } from './framework/types';
import { defineExperimentRun } from './framework/defineExperiment';
import { runSpectrum } from './spectrum/run';
import { spectrumFields } from './spectrum/schema';
import { runIntrinsicDimension } from './intrinsic-dimension/run';
import { intrinsicDimensionFields } from './intrinsic-dimension/schema';
import { runSubspaceClustering } from './subspace-clustering/run';
import { subspaceClusteringFields } from './subspace-clustering/schema';
import { runRateReduction } from './rate-reduction/run';
import { rateReductionFields } from './rate-reduction/schema';
import { runDiffusionSubspaces } from './diffusion-subspaces/run';
import { diffusionSubspacesFields } from './diffusion-subspaces/schema';
import { runLossLandscape } from './loss-landscape/run';
import { lossLandscapeFields } from './loss-landscape/schema';
import { runGalore } from './galore/run';
import { galoreFields } from './galore/schema';
import { runSparseLowRank } from './sparse-lowrank/run';
import { sparseLowRankFields } from './sparse-lowrank/schema';
import { runGrassmann } from './grassmann/run';
import { grassmannFields } from './grassmann/schema';
import { runLora } from './lora/run';
import { loraFields } from './lora/schema';
import { runCompression } from './compression/run';
import { compressionFields } from './compression/schema';
import { runContinual } from './continual/run';
import { continualFields } from './continual/schema';
import { runRobustRecovery } from './robust-recovery/run';
import { robustRecoveryFields } from './robust-recovery/schema';
import { runAlignment } from './alignment/run';
import { alignmentFields } from './alignment/schema';
import { runSampling } from './sampling/run';
import { samplingFields } from './sampling/schema';
import { runKoopman } from './koopman/run';
import { koopmanFields } from './koopman/schema';
import { runBayesianSparse } from './bayesian-sparse/run';
import { bayesianSparseFields } from './bayesian-sparse/schema';
import { runRerouting } from './rerouting/run';
import { reroutingFields } from './rerouting/schema';
import { runUnpg } from './unpg/run';
import { unpgFields } from './unpg/schema';
import { runModelMerging } from './model-merging/run';
import { modelMergingFields } from './model-merging/schema';
import { runHydra } from './hydra/run';
import { hydraFields } from './hydra/schema';
import { runDynamicSubspaces } from './dynamic-subspaces/run';
import { dynamicSubspacesFields } from './dynamic-subspaces/schema';
import { runHybridAdaptation } from './hybrid-adaptation/run';
import { hybridAdaptationFields } from './hybrid-adaptation/schema';
import { runCodecs } from './codecs/run';
import { codecsFields } from './codecs/schema';

export const EXPERIMENT_RUNS: Record<string, ExperimentRun> = {
  spectrum: defineExperimentRun(spectrumFields, runSpectrum),
  'intrinsic-dimension': defineExperimentRun(intrinsicDimensionFields, runIntrinsicDimension),
  'subspace-clustering': defineExperimentRun(subspaceClusteringFields, runSubspaceClustering),
  'rate-reduction': defineExperimentRun(rateReductionFields, runRateReduction),
  'diffusion-subspaces': defineExperimentRun(diffusionSubspacesFields, runDiffusionSubspaces),
  'loss-landscape': defineExperimentRun(lossLandscapeFields, runLossLandscape),
  galore: defineExperimentRun(galoreFields, runGalore),
  'sparse-lowrank': defineExperimentRun(sparseLowRankFields, runSparseLowRank),
  grassmann: defineExperimentRun(grassmannFields, runGrassmann),
  lora: defineExperimentRun(loraFields, runLora),
  compression: defineExperimentRun(compressionFields, runCompression),
  continual: defineExperimentRun(continualFields, runContinual),
  'robust-recovery': defineExperimentRun(robustRecoveryFields, runRobustRecovery),
  alignment: defineExperimentRun(alignmentFields, runAlignment),
  sampling: defineExperimentRun(samplingFields, runSampling),
  koopman: defineExperimentRun(koopmanFields, runKoopman),
  'bayesian-sparse': defineExperimentRun(bayesianSparseFields, runBayesianSparse),
  rerouting: defineExperimentRun(reroutingFields, runRerouting),
  unpg: defineExperimentRun(unpgFields, runUnpg),
  'model-merging': defineExperimentRun(modelMergingFields, runModelMerging),
  hydra: defineExperimentRun(hydraFields, runHydra),
  'dynamic-subspaces': defineExperimentRun(dynamicSubspacesFields, runDynamicSubspaces),
  'hybrid-adaptation': defineExperimentRun(hybridAdaptationFields, runHybridAdaptation),
  codecs: defineExperimentRun(codecsFields, runCodecs),
};
