// Every live page's guided tour: 3–5 steps, each about a plot the page really draws, changing only fields and presets it has.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../experiments/registry';
import { sanitizeConfig } from '../experiments/framework/fields';
import { TOURS } from './tours';

/** The plot ids a page's quick run drew, as the thumbnail script recorded them from a real run. */
function drawnPlotIds(pageId: string): string[] {
  const sidecar = JSON.parse(readFileSync(`public/thumbnails/${pageId}.json`, 'utf8')) as { plots?: string[] };
  return sidecar.plots ?? [];
}

/** Whether the page's plot code can still make this id: a string literal, or a template literal whose holes match. */
function plotCodeMakes(pageId: string, plotId: string): boolean {
  const dir = `src/experiments/${pageId}`;
  const code = readdirSync(dir)
    .filter((f) => /plots\.ts$/i.test(f))
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
    .join('\n');
  if (code.includes(`'${plotId}'`)) return true;
  return [...code.matchAll(/`([^`$]*(?:\$\{[^}]*\}[^`$]*)+)`/g)].some((m) => {
    const pattern = m[1].split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
    return new RegExp(`^${pattern}$`).test(plotId);
  });
}

describe('guided tours', () => {
  it('every live page has a tour of 3–5 steps, and no tour names a page that does not exist', () => {
    const live = EXPERIMENTS.map((e) => e.id).sort();
    expect(Object.keys(TOURS).sort()).toEqual(live);
    for (const id of live) {
      expect(TOURS[id].length, id).toBeGreaterThanOrEqual(3);
      expect(TOURS[id].length, id).toBeLessThanOrEqual(5);
    }
  });

  for (const meta of EXPERIMENTS) {
    it(`${meta.id}: each step highlights a plot the quick run draws and changes only real fields and presets`, () => {
      const drawn = drawnPlotIds(meta.id);
      expect(drawn.length, `${meta.id}'s thumbnail sidecar lists the plots of its quick run`).toBeGreaterThan(0);
      const presetIds = meta.presets.named?.map((p) => p.id) ?? [];
      for (const [i, step] of TOURS[meta.id].entries()) {
        const where = `${meta.id} step ${i + 1}`;
        expect(drawn, `${where}: plot “${step.plot}”`).toContain(step.plot);
        expect(plotCodeMakes(meta.id, step.plot), `${where}: plot “${step.plot}” in the plot code`).toBe(true);
        expect(step.look.length, where).toBeGreaterThan(20);
        if (!step.change) {
          expect(step.expect, `${where}: an expectation needs a change`).toBeUndefined();
          continue;
        }
        expect(step.expect, `${where}: say what should happen`).toBeTruthy();
        expect(step.change.set !== undefined || step.change.preset !== undefined, `${where}: set fields or open a preset`).toBe(true);
        if (step.change.preset !== undefined) expect(presetIds, where).toContain(step.change.preset);
        if (step.change.set) {
          for (const key of Object.keys(step.change.set)) expect(Object.keys(meta.fields), `${where}: field “${key}”`).toContain(key);
          const { config, warnings } = sanitizeConfig(meta.fields, { ...(meta.presets.quick as Record<string, unknown>), ...step.change.set });
          expect(warnings, where).toEqual([]);
          for (const [k, v] of Object.entries(step.change.set)) expect(config[k as keyof typeof config], `${where}: ${k}`).toEqual(v);
        }
      }
    });
  }
});
