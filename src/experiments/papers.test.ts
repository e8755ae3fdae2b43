// The reading list covers every paper PAPERS.md names and points each one at a page that exists in the catalog.
import { describe, expect, it } from 'vitest';
import { READING_LIST, papersForPage, readingLink } from './papers';
import { EXPERIMENT_CATALOG } from './catalog';

const pageIds = new Set(EXPERIMENT_CATALOG.map((c) => c.id));

describe('reading list', () => {
  it('every paper maps to catalog pages that exist', () => {
    for (const p of READING_LIST) {
      expect(p.pages.length, p.short).toBeGreaterThan(0);
      for (const id of p.pages) expect(pageIds.has(id), `${p.short} → ${id}`).toBe(true);
    }
  });

  it('every paper a catalog page lists has an entry that points back to that page', () => {
    for (const page of EXPERIMENT_CATALOG) {
      for (const name of page.papers) {
        const matches = READING_LIST.filter((p) => p.short === name || p.aliases?.includes(name));
        expect(matches.length, `${page.id}: “${name}” has no reading-list entry`).toBeGreaterThan(0);
        expect(matches.some((p) => p.pages.includes(page.id)), `${page.id}: “${name}” does not point back`).toBe(true);
      }
    }
  });

  it('holds all 38 abstracts, the classics PAPERS.md names, and Weak Cube R-CNN, the one paper left out of scope, with a note', () => {
    expect(READING_LIST.filter((p) => p.inAbstracts)).toHaveLength(38);
    expect(READING_LIST.filter((p) => !p.inAbstracts).map((p) => p.short).sort()).toEqual(['EnSC', 'GaLore', 'LSR', 'LoRA', 'Loss landscapes (Li et al.)', 'SSC']);
    const ideas = READING_LIST.filter((p) => p.scope === 'idea');
    expect(ideas.map((p) => p.short)).toEqual(['Weak Cube R-CNN']);
    for (const p of ideas) expect(p.note, p.short).toMatch(/page shows the underlying idea/);
  });

  it('titles and short names are unique; cards are one or two sentences; links are title searches', () => {
    expect(new Set(READING_LIST.map((p) => p.title)).size).toBe(READING_LIST.length);
    expect(new Set(READING_LIST.map((p) => p.short)).size).toBe(READING_LIST.length);
    for (const p of READING_LIST) {
      const sentences = p.summary.split(/[.!?](?:\s|$)/).filter((s) => s.trim());
      expect(sentences.length, p.short).toBeGreaterThanOrEqual(1);
      expect(sentences.length, p.short).toBeLessThanOrEqual(2);
      expect(readingLink(p)).toMatch(/^https:\/\/arxiv\.org\/search\/\?searchtype=title&query=/);
      expect(readingLink(p)).not.toMatch(/abs\//);
    }
    expect(papersForPage('spectrum').map((p) => p.short)).toEqual(['LoRD', 'WeLore', 'SVFit', 'LOST', 'Weak Cube R-CNN']);
  });
});

describe('catalog', () => {
  it('lists each page once, and every page it lists is registered and runnable (nothing left “coming soon”)', async () => {
    const { availableExperimentIds } = await import('./registry');
    const { EXPERIMENT_RUNS } = await import('./runRegistry');
    const ids = EXPERIMENT_CATALOG.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...availableExperimentIds()].sort());
    expect(Object.keys(EXPERIMENT_RUNS).sort()).toEqual([...ids].sort());
  });
});
