// The compute half of every experiment, for the worker (and Node tests): id → run generator.
import type { ExperimentRun } from './framework/types';
import { runSpectrum } from './spectrum/run';
import { runIntrinsicDimension } from './intrinsic-dimension/run';
import { runSubspaceClustering } from './subspace-clustering/run';
import { runRateReduction } from './rate-reduction/run';
import { runDiffusionSubspaces } from './diffusion-subspaces/run';
import { runLossLandscape } from './loss-landscape/run';
import { runGalore } from './galore/run';
import { runSparseLowRank } from './sparse-lowrank/run';
import { runGrassmann } from './grassmann/run';
import { runLora } from './lora/run';
import { runCompression } from './compression/run';
import { runContinual } from './continual/run';
import { runRobustRecovery } from './robust-recovery/run';
import { runAlignment } from './alignment/run';
import { runSampling } from './sampling/run';
import { runKoopman } from './koopman/run';
import { runBayesianSparse } from './bayesian-sparse/run';
import { runRerouting } from './rerouting/run';
import { runUnpg } from './unpg/run';
import { runModelMerging } from './model-merging/run';
import { runHydra } from './hydra/run';
import { runDynamicSubspaces } from './dynamic-subspaces/run';
import { runHybridAdaptation } from './hybrid-adaptation/run';
import { runCodecs } from './codecs/run';

export const EXPERIMENT_RUNS: Record<string, ExperimentRun> = {
  spectrum: runSpectrum as ExperimentRun,
  'intrinsic-dimension': runIntrinsicDimension as ExperimentRun,
  'subspace-clustering': runSubspaceClustering as ExperimentRun,
  'rate-reduction': runRateReduction as ExperimentRun,
  'diffusion-subspaces': runDiffusionSubspaces as ExperimentRun,
  'loss-landscape': runLossLandscape as ExperimentRun,
  galore: runGalore as ExperimentRun,
  'sparse-lowrank': runSparseLowRank as ExperimentRun,
  grassmann: runGrassmann as ExperimentRun,
  lora: runLora as ExperimentRun,
  compression: runCompression as ExperimentRun,
  continual: runContinual as ExperimentRun,
  'robust-recovery': runRobustRecovery as ExperimentRun,
  alignment: runAlignment as ExperimentRun,
  sampling: runSampling as ExperimentRun,
  koopman: runKoopman as ExperimentRun,
  'bayesian-sparse': runBayesianSparse as ExperimentRun,
  rerouting: runRerouting as ExperimentRun,
  unpg: runUnpg as ExperimentRun,
  'model-merging': runModelMerging as ExperimentRun,
  hydra: runHydra as ExperimentRun,
  'dynamic-subspaces': runDynamicSubspaces as ExperimentRun,
  'hybrid-adaptation': runHybridAdaptation as ExperimentRun,
  codecs: runCodecs as ExperimentRun,
};
