// The registry of experiment pages in this build (page half: no engine code).
import type { ExperimentMeta } from './framework/types';
import type { Fields } from './framework/fields';
import { spectrumExperiment } from './spectrum';

export const EXPERIMENTS: readonly ExperimentMeta<Fields>[] = [spectrumExperiment as unknown as ExperimentMeta<Fields>];

export function getExperiment(id: string): ExperimentMeta<Fields> | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** Ids of the experiments this build can run. */
export function availableExperimentIds(): string[] {
  return EXPERIMENTS.map((e) => e.id);
}
