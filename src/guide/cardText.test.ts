// Every card's formulas parse as KaTeX, and every glossary term the cards, lessons and tours mark exists.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../experiments/registry';
import { flattenTokens, parseMarkup, type MarkupToken } from './markup';
import { GLOSSARY } from './glossary';
import { LESSONS } from './path';
import { TOURS } from './tours';

function tokensOf(source: string): MarkupToken[] {
  return flattenTokens(parseMarkup(source));
}

/** Every marked-up text with a name saying where it lives. */
function allTexts(): [string, string][] {
  const texts: [string, string][] = EXPERIMENTS.map((m) => [`${m.id} card`, m.card]);
  for (const l of LESSONS) texts.push([`lesson ${l.id}`, l.text]);
  for (const [page, tour] of Object.entries(TOURS)) {
    tour.forEach((s, i) => texts.push([`${page} tour step ${i + 1}`, [s.look, s.change?.text ?? '', s.expect ?? ''].join('\n\n')]));
  }
  return texts;
}

describe('card formulas', () => {
  for (const meta of EXPERIMENTS) {
    it(`${meta.id}: its card has formulas, and each one parses`, () => {
      const math = tokensOf(meta.card).filter((t) => t.kind === 'math');
      expect(math.length, 'formulas in the card').toBeGreaterThan(0);
      for (const t of math) {
        expect(() => katex.renderToString(t.tex, { displayMode: t.display, throwOnError: true, strict: 'error' }), t.tex).not.toThrow();
      }
    });
  }

  it('no text anywhere keeps a stray $ (an unclosed formula would show as raw TeX)', () => {
    for (const [where, source] of allTexts()) {
      const stray = tokensOf(source).filter((t) => t.kind === 'text' && t.text.includes('$'));
      expect(stray, where).toEqual([]);
    }
  });

  it('formulas in lessons and tours parse too', () => {
    for (const [where, source] of allTexts().filter(([w]) => !w.endsWith(' card'))) {
      for (const t of tokensOf(source)) {
        if (t.kind === 'math') expect(() => katex.renderToString(t.tex, { displayMode: t.display, throwOnError: true, strict: 'error' }), `${where}: ${t.tex}`).not.toThrow();
      }
    }
  });
});

describe('glossary', () => {
  it('has about twenty terms, each defined', () => {
    expect(Object.keys(GLOSSARY).length).toBeGreaterThanOrEqual(20);
    for (const [id, e] of Object.entries(GLOSSARY)) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(e.definition.length, id).toBeGreaterThan(40);
    }
  });

  it('every term marked in a card, lesson or tour exists', () => {
    let used = 0;
    for (const [where, source] of allTexts()) {
      for (const t of tokensOf(source)) {
        if (t.kind !== 'term') continue;
        used++;
        expect(Object.keys(GLOSSARY), `${where}: [[${t.id}]]`).toContain(t.id);
      }
    }
    expect(used).toBeGreaterThan(20);
  });

  it('every card marks at least one glossary term', () => {
    const cardsWithTerms = EXPERIMENTS.filter((m) => tokensOf(m.card).some((t) => t.kind === 'term'));
    expect(EXPERIMENTS.filter((m) => !cardsWithTerms.includes(m)).map((m) => m.id)).toEqual([]);
  });
});
