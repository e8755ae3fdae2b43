// The registry of experiment modules that exist in this build.

/** Ids of the experiments this build can run. */
export function availableExperimentIds(): string[] {
  return [];
}
