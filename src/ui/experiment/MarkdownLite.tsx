// Renders the cards' small markup (paragraphs, **bold**, *italic*, `code`, [[glossary term]], $math$) as React nodes, never as HTML.
import type { ReactNode } from 'react';
import { parseMarkup, type MarkupToken } from '../../guide/markup';
import { GlossaryTerm } from '../guide/GlossaryTerm';
import { TexMath } from '../guide/TexMath';

function renderTokens(tokens: MarkupToken[], keyBase: string): ReactNode[] {
  return tokens.map((t, i) => {
    const key = `${keyBase}-${i}`;
    switch (t.kind) {
      case 'text':
        return t.text;
      case 'strong':
        return <strong key={key}>{renderTokens(t.children, key)}</strong>;
      case 'em':
        return <em key={key}>{renderTokens(t.children, key)}</em>;
      case 'code':
        return <code key={key}>{t.text}</code>;
      case 'term':
        return <GlossaryTerm key={key} id={t.id} text={t.text} />;
      case 'math':
        return <TexMath key={key} tex={t.tex} display={t.display} />;
    }
  });
}

/** The inline pieces of one paragraph's tokens (for a caller that supplies its own block element). */
export function MarkupInline({ tokens }: { tokens: MarkupToken[] }) {
  return <>{renderTokens(tokens, 'i')}</>;
}

/** Parsed paragraphs (parseMarkup), the first `limit` of them when given (a caller revealing them a frame apart). */
export function MarkupParagraphs({ paragraphs, limit }: { paragraphs: MarkupToken[][]; limit?: number }) {
  return (
    <>
      {paragraphs.slice(0, limit).map((tokens, i) => (
        <p key={i}>{renderTokens(tokens, `p${i}`)}</p>
      ))}
    </>
  );
}

export function MarkdownLite({ source }: { source: string }) {
  return <MarkupParagraphs paragraphs={parseMarkup(source)} />;
}
