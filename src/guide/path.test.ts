// The start-here path: four or five lessons whose every link names a live page and one of its presets.
import { describe, expect, it } from 'vitest';
import { LESSONS } from './path';
import { getExperiment } from '../experiments/registry';
import { lessonHref } from './links';

describe('start-here path', () => {
  it('has four or five lessons, each with a paragraph and at least one link', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(4);
    expect(LESSONS.length).toBeLessThanOrEqual(5);
    for (const l of LESSONS) {
      expect(l.text.length, l.id).toBeGreaterThan(80);
      expect(l.links.length, l.id).toBeGreaterThan(0);
    }
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  it('links only to live pages and to presets those pages have', () => {
    for (const l of LESSONS) {
      for (const link of l.links) {
        const meta = getExperiment(link.page);
        expect(meta, `${l.id} → ${link.page}`).toBeDefined();
        const presets = ['quick', 'default', ...(meta?.presets.named?.map((p) => p.id) ?? [])];
        expect(presets, `${l.id} → ${link.page}?${link.preset}`).toContain(link.preset);
      }
    }
  });

  it('opens a lesson link on the preset’s config, seed included', () => {
    const href = lessonHref({ page: 'spectrum', preset: 'noise-floor', label: '' });
    expect(href).toMatch(/^#\/spectrum\?/);
    const q = new URLSearchParams(href.split('?')[1]);
    expect(q.get('source')).toBe('lowrank');
    expect(q.get('noise')).toBe('0.05');
    expect(q.get('k')).toBe('8');
    expect(q.get('seed')).toBe('1');
    expect(() => lessonHref({ page: 'no-such-page', preset: 'quick', label: '' })).toThrow(/no-such-page/);
  });
});
