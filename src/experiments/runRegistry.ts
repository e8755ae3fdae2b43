// The compute half of every experiment, for the worker (and Node tests): id → run generator.
import type { ExperimentRun } from './framework/types';
import { runSpectrum } from './spectrum/run';

export const EXPERIMENT_RUNS: Record<string, ExperimentRun> = {
  spectrum: runSpectrum as ExperimentRun,
};
