// Registers a page under the registries' common types: each page is checked against its own fields, with no cast.
import { sanitizeConfig, type Fields } from './fields';
import type { ExperimentMeta, ExperimentRun } from './types';

/**
 * The page half as the registry holds it. `meta` must match its own fields `F` (presets, plots' config); the
 * registry's `plots` accepts any config and checks it against `meta.fields` first, so a page only ever sees
 * a config of its own shape (one from resolveConfig passes through unchanged).
 */
export function defineExperiment<F extends Fields>(meta: ExperimentMeta<F>): ExperimentMeta {
  return { ...meta, plots: (history, config) => meta.plots(history, sanitizeConfig(meta.fields, config).config) };
}

/**
 * The compute half as the run registry holds it: `run` must take the config of `fields`; the registered run
 * checks any config against them before starting it (a no-op for one from resolveConfig).
 */
export function defineExperimentRun<F extends Fields>(fields: F, run: ExperimentRun<F>): ExperimentRun {
  return (config, ctx) => run(sanitizeConfig(fields, config).config, ctx);
}
