// Registering a page checks it against its own fields (the @ts-expect-error lines fail `tsc --noEmit` if a mistyped page compiles) and its config at run time.
import { describe, expect, it } from 'vitest';
import { defineExperiment, defineExperimentRun } from './defineExperiment';
import { flag, int, type ConfigOf } from './fields';
import type { ExperimentMeta, Progress, RunContext } from './types';

const fields = { steps: int('Steps', 10, 1, 100), center: flag('Center', true) };
type Config = ConfigOf<typeof fields>;

const seen: Config[] = [];
const meta: ExperimentMeta<typeof fields> = {
  id: 'toy', title: 'Toy', papers: [], fields, card: '',
  presets: { quick: { steps: 2 }, default: {} },
  plots: (_history, config) => { seen.push(config); return []; },
};

async function* toyRun(config: Config): AsyncGenerator<Progress, void, void> {
  yield { step: config.steps, total: config.steps, metrics: { center: config.center ? 1 : 0 } };
}

describe('defineExperiment', () => {
  it('rejects a page whose presets or run do not match its fields', () => {
    // @ts-expect-error -- `steps` is a number field, so a preset cannot set it to a string
    defineExperiment({ ...meta, presets: { quick: { steps: 'two' }, default: {} } });
    // @ts-expect-error -- the run reads `steps` as a string, but the field is a number
    defineExperimentRun(fields, async function* (config: { steps: string; center: boolean }) { yield { step: 0, total: 1, metrics: { n: config.steps.length } }; });
    expect(defineExperiment(meta).id).toBe('toy');
  });

  // The registries type an erased config as ConfigOf<Fields>, i.e. string values: these strings are the wrong kind.
  it('hands the page only configs of its own shape: invalid values fall back, unknown keys go', () => {
    seen.length = 0;
    defineExperiment(meta).plots([], { steps: '500', center: 'no', stray: 'x' });
    expect(seen).toEqual([{ steps: 10, center: true }]);
  });

  it('checks the config before the run starts', async () => {
    const ctx = {} as RunContext;
    const run = defineExperimentRun(fields, toyRun);
    const progress: Progress[] = [];
    for await (const p of run({ steps: '7', center: 'yes' }, ctx)) progress.push(p);
    expect(progress).toEqual([{ step: 10, total: 10, metrics: { center: 1 } }]);
  });
});
