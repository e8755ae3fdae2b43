// Parses the cards' small markup (paragraphs, **bold**, *italic*, `code`, [[glossary term]], $math$, $$display math$$) into plain tokens.

/** One inline piece of a paragraph. Bold and italic hold tokens themselves, so a term or formula may sit inside them. */
export type MarkupToken =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: MarkupToken[] }
  | { kind: 'code'; text: string }
  | { kind: 'term'; id: string; text?: string }
  | { kind: 'math'; tex: string; display: boolean };

// order matters only for matches starting at the same place: $$ before $, ** before *
const INLINE = /(\$\$[^$]+?\$\$|\$[^$\n]+?\$|\[\[[^\]\n]+\]\]|\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`)/g;

/** Splits one paragraph's text into tokens. `[[id]]` shows the glossary's own word; `[[id|shown]]` other words. */
export function parseInline(text: string): MarkupToken[] {
  const out: MarkupToken[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const t = m[0];
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    if (t.startsWith('$$')) out.push({ kind: 'math', tex: t.slice(2, -2).trim(), display: true });
    else if (t.startsWith('$')) out.push({ kind: 'math', tex: t.slice(1, -1).trim(), display: false });
    else if (t.startsWith('[[')) {
      const [id, shown] = t.slice(2, -2).split('|');
      out.push({ kind: 'term', id: id.trim(), ...(shown === undefined ? {} : { text: shown.trim() }) });
    } else if (t.startsWith('**')) out.push({ kind: 'strong', children: parseInline(t.slice(2, -2)) });
    else if (t.startsWith('`')) out.push({ kind: 'code', text: t.slice(1, -1) });
    else out.push({ kind: 'em', children: parseInline(t.slice(1, -1)) });
    last = at + t.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Paragraphs (split at blank lines, inner line breaks joined by a space), each as tokens. */
export function parseMarkup(source: string): MarkupToken[][] {
  const trimmed = source.trim();
  if (!trimmed) return [];
  return trimmed.split(/\n\s*\n/).map((p) => parseInline(p.replace(/\s*\n\s*/g, ' ')));
}

/** Every token of a parsed text, bold and italic opened up (for checks over all terms or formulas). */
export function flattenTokens(paragraphs: MarkupToken[][]): MarkupToken[] {
  const out: MarkupToken[] = [];
  const walk = (ts: MarkupToken[]) => {
    for (const t of ts) {
      out.push(t);
      if (t.kind === 'strong' || t.kind === 'em') walk(t.children);
    }
  };
  paragraphs.forEach(walk);
  return out;
}
