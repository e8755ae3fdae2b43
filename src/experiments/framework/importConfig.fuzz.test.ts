// 1,000 seeded random and malformed config files: the importer returns a valid config with warnings or one reason, never throws.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/rng';
import { EXPERIMENTS, getExperiment } from '../registry';
import { CONFIG_FORMAT, configToJson, MAX_IMPORT_BYTES } from './exporters';
import { defaults, fieldError } from './fields';
import { importConfigText } from './importConfig';
import { AWKWARD_VALUES, mutate, pick, randomText } from '../../testing/fuzz';

const fieldsOf = (id: string) => getExperiment(id)?.fields;
const PIECES = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', '1', '-', 'e9', '"config"', '"experiment"', '"format"', `"${CONFIG_FORMAT}"`, '"seed"', ' ', '\n', '\\', '\uFEFF', '😀'];

/** A config export for a random experiment with some values replaced by awkward ones and some keys unknown. */
function plausibleFile(rng: Rng): string {
  const meta = pick(rng, EXPERIMENTS);
  const config: Record<string, unknown> = defaults(meta.fields);
  for (const k of Object.keys(config)) if (rng.int(3) === 0) config[k] = pick(rng, AWKWARD_VALUES);
  if (rng.int(4) === 0) config[pick(rng, ['__proto__', 'constructor', 'unknownKnob', ''])] = pick(rng, AWKWARD_VALUES);
  const experiment = rng.int(8) === 0 ? pick(rng, ['', 'no-such-page', '__proto__', 'constructor']) : meta.id;
  const file = JSON.parse(configToJson({ experiment, config, appVersion: 'fuzz' })) as Record<string, unknown>;
  if (rng.int(8) === 0) file.config = pick(rng, AWKWARD_VALUES);
  if (rng.int(8) === 0) file.formatVersion = pick(rng, AWKWARD_VALUES);
  return rng.int(2) ? JSON.stringify(file) : JSON.stringify(config);
}

describe('config import under fuzzing', () => {
  it('1,000 files: every accepted config is valid field by field for a registered experiment; every refusal has a reason', () => {
    const rng = new Rng(1202);
    const counts = { accepted: 0, refused: 0, warned: 0 };
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      const text = kind === 0 ? randomText(rng, PIECES, 40) : kind === 1 ? mutate(rng, plausibleFile(rng), PIECES) : plausibleFile(rng);
      const current = pick(rng, EXPERIMENTS).id;
      let outcome: ReturnType<typeof importConfigText>;
      expect(() => (outcome = importConfigText(text, text.length, fieldsOf, current)), `input ${i}: ${text.slice(0, 200)}`).not.toThrow();
      if (!outcome!.ok) {
        expect(outcome!.message.length, `input ${i}`).toBeGreaterThan(0);
        counts.refused++;
        continue;
      }
      counts.accepted++;
      if (outcome!.warnings.length) counts.warned++;
      const fields = fieldsOf(outcome!.experiment);
      expect(fields, `input ${i}: experiment ${outcome!.experiment}`).toBeDefined();
      expect(Object.keys(outcome!.config).sort()).toEqual(Object.keys(fields!).sort());
      for (const [k, f] of Object.entries(fields!)) expect(fieldError(f, outcome!.config[k]), `input ${i}: ${k} = ${String(outcome!.config[k])}`).toBeNull();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    expect(counts.accepted).toBeGreaterThan(200);
    expect(counts.refused).toBeGreaterThan(200);
    expect(counts.warned).toBeGreaterThan(100);
  });

  it('a file over the size limit is refused before it is parsed', () => {
    const outcome = importConfigText('{}', MAX_IMPORT_BYTES + 1, fieldsOf, EXPERIMENTS[0].id);
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/limit is 64 MB/) });
  });
});
