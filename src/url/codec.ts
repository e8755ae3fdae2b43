// Config <-> URL hash, driven by each experiment's fields: `#/<id>?key=value&…&seed=N&v=1`.
import { defaults, formatValue, sanitizeConfig, type Field, type Fields } from '../experiments/framework/fields';
import { decodeViewKey, encodeView, VIEW_KEYS, type ViewState } from './viewState';

export type { ViewState } from './viewState';

export const URL_VERSION = 1;

function encodeValue(f: Field, v: unknown): string {
  if (f.kind === 'boolean') return v ? '1' : '0';
  if (f.kind === 'multi') return (v as string[]).join(',');
  return String(v);
}

function decodeValue(f: Field, raw: string): unknown {
  switch (f.kind) {
    case 'number': {
      const t = raw.trim();
      return t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? raw : Number(t);
    }
    case 'boolean':
      return raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : raw;
    case 'multi':
      return raw === '' ? [] : raw.split(',');
    default:
      return raw;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
}

/** The hash for an experiment and config: defaults omitted, seed always present, version last. */
export function encodeHash(id: string, fields: Fields, config: Record<string, unknown>, view: ViewState = {}): string {
  const defs = defaults(fields) as Record<string, unknown>;
  const params = new URLSearchParams();
  for (const [k, f] of Object.entries(fields)) {
    const v = config[k] ?? defs[k];
    if (k === 'seed' || !sameValue(v, defs[k])) params.set(k, encodeValue(f, v));
  }
  encodeView(fields, view, params);
  params.set('v', String(URL_VERSION));
  return `#/${encodeURIComponent(id)}?${params.toString()}`;
}

/**
 * Reads a query string against an experiment's fields. Never throws: anything invalid or unknown
 * is dropped with a warning and the default used.
 */
export function decodeQuery(fields: Fields, query: string): { config: Record<string, unknown>; view: ViewState; warnings: string[] } {
  const warnings: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return { config: defaults(fields), view: {}, warnings: ['The link’s parameters could not be read; defaults are used.'] };
  }
  const raw: Record<string, unknown> = {};
  const view: ViewState = {};
  const seen = new Set<string>();
  for (const [k, v] of params) {
    if (seen.has(k)) {
      warnings.push(`Parameter “${k.slice(0, 40)}” appears more than once; the first is used.`);
      continue;
    }
    seen.add(k);
    if (k === 'v') {
      if (v !== String(URL_VERSION)) warnings.push(`The link is from format version ${v.slice(0, 10)}; this page reads version ${URL_VERSION}, so some settings may differ.`);
      continue;
    }
    if (VIEW_KEYS.has(k)) {
      decodeViewKey(fields, k, v, view, warnings);
      continue;
    }
    const f = fields[k];
    raw[k] = f ? decodeValue(f, v) : v;
  }
  const { config, warnings: w } = sanitizeConfig(fields, raw);
  return { config, view, warnings: [...warnings, ...w] };
}

/** Human summary of a config for tooltips and exports. */
export function describeConfig(fields: Fields, config: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, f]) => `${f.label}: ${formatValue(config[k])}`)
    .join('; ');
}
