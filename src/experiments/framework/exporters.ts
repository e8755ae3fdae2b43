// Pure converters for export and import: run history → CSV / JSON, config ↔ JSON with validation (no DOM).
import { sanitizeConfig, type Fields } from './fields';
import type { Progress } from './types';

/** Version of the JSON files below; bump when their shape changes. */
export const EXPORT_FORMAT_VERSION = 1;
export const RUN_FORMAT = 'subspace-lab-run';
export const CONFIG_FORMAT = 'subspace-lab-config';
/** Largest config/run file the import box reads (run exports carry full histories). */
export const MAX_IMPORT_BYTES = 64 * 2 ** 20;

export class ConfigImportError extends Error {}

/** Names of the metrics that are single numbers or strings somewhere in the history, in first-seen order. */
export function scalarMetricNames(history: readonly Progress[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const p of history) {
    for (const [k, v] of Object.entries(p.metrics)) {
      if ((typeof v === 'number' || typeof v === 'string') && !seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  return names;
}

/** One CSV cell: numbers at full precision, text quoted when needed and defused against spreadsheet formulas. */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The history as CSV: one row per streamed step, columns `step,total` then every scalar metric.
 * Vector and matrix metrics are left out (they are in the JSON export); a metric absent at a step is blank.
 */
export function historyToCsv(history: readonly Progress[]): string {
  const names = scalarMetricNames(history);
  const lines = [['step', 'total', ...names].map(csvCell).join(',')];
  for (const p of history) {
    const m = p.metrics as Record<string, unknown>;
    lines.push([p.step, p.total, ...names.map((k) => (typeof m[k] === 'number' || typeof m[k] === 'string' ? m[k] : undefined))].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

const NUMBER_ARRAYS = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

/** Typed arrays of numbers, which JSON would otherwise write as {"0": …} objects. */
function isNumberArray(v: unknown): v is ArrayLike<number> {
  return NUMBER_ARRAYS.some((NumberArray) => v instanceof NumberArray);
}

/** JSON cannot hold NaN or ±Infinity; write them as strings so a diverged run's export says what happened. */
function finiteReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (isNumberArray(v)) return Array.from(v);
  return v;
}

export type RunExportInput = {
  experiment: string;
  config: Record<string, unknown>;
  history: readonly Progress[];
  backend: string | null;
  device?: string | null;
  appVersion: string;
  status?: string;
  /** The share link of the config (hash part). */
  link?: string;
  exportedAt?: string;
};

/** The whole run as JSON: format, versions, experiment id, backend, config, link and every streamed step. */
export function runToJson(r: RunExportInput): string {
  const doc = {
    format: RUN_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    appVersion: r.appVersion,
    experiment: r.experiment,
    backend: r.backend,
    device: r.device ?? null,
    status: r.status ?? null,
    exportedAt: r.exportedAt ?? new Date().toISOString(),
    link: r.link ?? null,
    config: r.config,
    history: r.history,
  };
  return `${JSON.stringify(doc, finiteReplacer, 1)}\n`;
}

/** The config alone, with its experiment id, so it can be imported to reproduce the run. */
export function configToJson(c: { experiment: string; config: Record<string, unknown>; appVersion: string; link?: string }): string {
  const doc = { format: CONFIG_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, appVersion: c.appVersion, experiment: c.experiment, link: c.link ?? null, config: c.config };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export type ImportedConfig = { experiment: string; config: Record<string, unknown>; warnings: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a config or run export (or a bare `{ key: value }` config for `currentExperiment`) and validates
 * it against that experiment's fields. Invalid or unknown values fall back with a warning each;
 * a file that is not usable at all throws ConfigImportError with the reason.
 */
export function parseConfigJson(text: string, fieldsOf: (id: string) => Fields | undefined, currentExperiment?: string): ImportedConfig {
  if (text.length > MAX_IMPORT_BYTES) throw new ConfigImportError(`The file is ${(text.length / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 2 ** 20} MB.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigImportError(`The file is not valid JSON (${(e as Error).message.slice(0, 120)}).`);
  }
  if (!isPlainObject(doc)) throw new ConfigImportError('The file must hold a JSON object (a config or a run export).');
  const warnings: string[] = [];
  let experiment: unknown;
  let raw: unknown;
  if (doc.format === CONFIG_FORMAT || doc.format === RUN_FORMAT || 'config' in doc) {
    experiment = doc.experiment ?? currentExperiment;
    raw = doc.config;
    const v = doc.formatVersion;
    if (typeof v === 'number' && v > EXPORT_FORMAT_VERSION) warnings.push(`The file is format version ${v}; this page reads version ${EXPORT_FORMAT_VERSION}, so some settings may differ.`);
  } else {
    experiment = currentExperiment;
    raw = doc;
  }
  if (typeof experiment !== 'string' || !experiment) throw new ConfigImportError('The file does not say which experiment it is for.');
  const fields = fieldsOf(experiment);
  if (!fields) throw new ConfigImportError(`The file is for an experiment “${experiment.slice(0, 60)}” that this build does not have.`);
  if (!isPlainObject(raw)) throw new ConfigImportError('The file’s “config” must be an object of parameter values.');
  const { config, warnings: w } = sanitizeConfig(fields, raw);
  return { experiment, config, warnings: [...warnings, ...w] };
}

/** A file name safe on every OS: experiment id, what it is, and the seed. */
export function exportFileName(experiment: string, what: string, config: Record<string, unknown>, ext: string): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 60);
  const seed = typeof config.seed === 'number' ? `-seed${config.seed}` : '';
  return `${safe(experiment)}-${safe(what)}${seed}.${ext}`;
}
