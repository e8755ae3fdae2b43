// The card markup parser: terms, inline and display math, bold and italic that hold them, code left alone.
import { describe, expect, it } from 'vitest';
import { flattenTokens, parseInline, parseMarkup } from './markup';

describe('card markup', () => {
  it('reads glossary terms with and without their own words', () => {
    expect(parseInline('the [[rank]] and [[singular-value|singular values]].')).toEqual([
      { kind: 'text', text: 'the ' },
      { kind: 'term', id: 'rank' },
      { kind: 'text', text: ' and ' },
      { kind: 'term', id: 'singular-value', text: 'singular values' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('reads inline and display math, and keeps * inside math out of italics', () => {
    expect(parseInline('so $a * b$ and $$\\sum_i x_i$$')).toEqual([
      { kind: 'text', text: 'so ' },
      { kind: 'math', tex: 'a * b', display: false },
      { kind: 'text', text: ' and ' },
      { kind: 'math', tex: '\\sum_i x_i', display: true },
    ]);
  });

  it('opens bold and italic so terms and formulas inside them are found', () => {
    const paragraphs = parseMarkup('**The [[rank]].** *at $k$* `$not math$`\n\nsecond\nline');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[1]).toEqual([{ kind: 'text', text: 'second line' }]);
    const kinds = flattenTokens(paragraphs).map((t) => t.kind);
    expect(kinds).toEqual(['strong', 'text', 'term', 'text', 'text', 'em', 'text', 'math', 'text', 'code', 'text']);
  });
});
