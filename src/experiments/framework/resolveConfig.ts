// Turns 'quick', 'default' or a partial config into a full, validated config for an experiment.
import { sanitizeConfig, type Fields } from './fields';
import type { ExperimentMeta } from './types';

export type ConfigRequest = 'quick' | 'default' | string | Record<string, unknown> | undefined;

/** Defaults, then the named preset or the given values; invalid values fall back with a warning. */
export function resolveConfig(meta: ExperimentMeta<Fields>, request: ConfigRequest): { config: Record<string, unknown>; warnings: string[] } {
  if (request === undefined || request === 'default') return sanitizeConfig(meta.fields, meta.presets.default as Record<string, unknown>);
  if (request === 'quick') return sanitizeConfig(meta.fields, meta.presets.quick as Record<string, unknown>);
  if (typeof request === 'string') {
    const named = meta.presets.named?.find((p) => p.id === request);
    if (named) return sanitizeConfig(meta.fields, named.config as Record<string, unknown>);
    return { ...sanitizeConfig(meta.fields, {}), warnings: [`unknown preset “${String(request).slice(0, 40)}”; using defaults`] };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { ...sanitizeConfig(meta.fields, {}), warnings: ['the config must be an object; using defaults'] };
  }
  return sanitizeConfig(meta.fields, request);
}
