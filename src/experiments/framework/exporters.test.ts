// Export/import converters: CSV rows per step, JSON that keeps everything, config files that round-trip and validate.
import { describe, expect, it } from 'vitest';
import {
  ConfigImportError,
  configToJson,
  csvCell,
  exportFileName,
  historyToCsv,
  parseConfigJson,
  runToJson,
  scalarMetricNames,
} from './exporters';
import { getExperiment } from '../registry';
import { resolveConfig } from './resolveConfig';
import type { Progress } from './types';

const fieldsOf = (id: string) => getExperiment(id)?.fields;

const history: Progress[] = [
  { step: 1, total: 3, metrics: { m: 4, n: 3, original: [1, 2, 3] } },
  { step: 2, total: 3, metrics: { m: 4, n: 3, sigma: [3, 2, 1], frobenius: 3.7416573867739413, note: 'a, "quoted" note' } },
  { step: 3, total: 3, metrics: { m: 4, n: 3, loss: NaN, label: '=SUM(A1)' } },
];

describe('history → CSV', () => {
  it('one row per step, scalar metrics as columns in first-seen order, arrays left out', () => {
    expect(scalarMetricNames(history)).toEqual(['m', 'n', 'frobenius', 'note', 'loss', 'label']);
    const lines = historyToCsv(history).trimEnd().split('\n');
    expect(lines).toEqual([
      'step,total,m,n,frobenius,note,loss,label',
      '1,3,4,3,,,,',
      '2,3,4,3,3.7416573867739413,"a, ""quoted"" note",,',
      "3,3,4,3,,,NaN,'=SUM(A1)",
    ]);
  });
  it('numbers keep full precision and non-finite values are spelled out', () => {
    expect(csvCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvCell(-Infinity)).toBe('-Infinity');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('-x')).toBe("'-x");
    expect(historyToCsv([])).toBe('step,total\n');
  });
});

describe('run → JSON', () => {
  it('holds format, versions, experiment, backend, config and the whole history', () => {
    const json = runToJson({ experiment: 'spectrum', config: { k: 3, seed: 7 }, history, backend: 'cpu', appVersion: '0.1.0', exportedAt: 'T', status: 'done' });
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({ format: 'subspace-lab-run', formatVersion: 1, appVersion: '0.1.0', experiment: 'spectrum', backend: 'cpu', status: 'done', config: { k: 3, seed: 7 } });
    expect(doc.history).toHaveLength(3);
    expect(doc.history[1].metrics.sigma).toEqual([3, 2, 1]);
    expect(doc.history[2].metrics.loss).toBe('NaN');
  });
  it('writes typed arrays as plain number arrays', () => {
    const doc = JSON.parse(runToJson({ experiment: 'spectrum', config: { w: new Float32Array([0.5, 1.5]), i: new Int32Array([-2]) }, history: [], backend: 'cpu', appVersion: '0.1.0' }));
    expect(doc.config).toEqual({ w: [0.5, 1.5], i: [-2] });
  });
});

describe('config JSON import', () => {
  const meta = getExperiment('spectrum')!;
  const quick = resolveConfig(meta, 'quick').config;

  it('round-trips a config export exactly, without warnings', () => {
    const text = configToJson({ experiment: 'spectrum', config: quick, appVersion: '0.1.0' });
    expect(parseConfigJson(text, fieldsOf)).toEqual({ experiment: 'spectrum', config: quick, warnings: [] });
  });

  it('reads the config out of a run export (same numbers again)', () => {
    const text = runToJson({ experiment: 'spectrum', config: quick, history, backend: 'webgpu', appVersion: '0.1.0' });
    expect(parseConfigJson(text, fieldsOf).config).toEqual(quick);
  });

  it('accepts a bare config for the current page and fills in defaults', () => {
    const r = parseConfigJson('{"k": 5, "seed": 11}', fieldsOf, 'spectrum');
    expect(r.experiment).toBe('spectrum');
    expect(r.config.k).toBe(5);
    expect(r.config.seed).toBe(11);
    expect(r.config.source).toBe('image');
    expect(r.warnings).toEqual([]);
  });

  it('keeps valid values and warns about each invalid or unknown one', () => {
    const r = parseConfigJson(JSON.stringify({ experiment: 'spectrum', config: { k: -4, seed: 3, method: 'magic', extra: '<script>' } }), fieldsOf);
    expect(r.config.seed).toBe(3);
    expect(r.config.k).toBe(meta.fields.k.default);
    expect(r.config.method).toBe('jacobi');
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings.join('\n')).toMatch(/Rank k/);
    expect(r.warnings.join('\n')).toMatch(/Unknown parameter “extra”/);
  });

  it('warns about a newer format and refuses unusable files with a reason', () => {
    expect(parseConfigJson('{"format":"subspace-lab-config","formatVersion":9,"experiment":"spectrum","config":{}}', fieldsOf).warnings[0]).toMatch(/version 9/);
    expect(() => parseConfigJson('not json', fieldsOf)).toThrow(ConfigImportError);
    expect(() => parseConfigJson('[1,2]', fieldsOf)).toThrow(/JSON object/);
    expect(() => parseConfigJson('{"config":{}}', fieldsOf)).toThrow(/which experiment/);
    expect(() => parseConfigJson('{"experiment":"nope","config":{}}', fieldsOf)).toThrow(/does not have/);
    expect(() => parseConfigJson('{"experiment":"spectrum","config":[1]}', fieldsOf)).toThrow(/must be an object/);
  });

  it('names files by experiment, content and seed', () => {
    expect(exportFileName('spectrum', 'metrics', { seed: 4 }, 'csv')).toBe('spectrum-metrics-seed4.csv');
    expect(exportFileName('a/b', 'x y', {}, 'json')).toBe('a-b-x-y.json');
  });
});
