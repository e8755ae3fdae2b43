// The glossary as a section of the gallery: every term with its definition, in alphabetical order.
import { Fragment } from 'react';
import { GLOSSARY, glossaryIds } from '../../guide/glossary';
import './guide.css';

export function GlossarySection() {
  return (
    <section className="glossary" aria-labelledby="glossary-title" data-testid="glossary">
      <h2 id="glossary-title">Glossary</h2>
      <p className="lede">The words the cards, lessons and tours use. In the text, a dotted underline marks a term: hover, focus or tap it for its definition.</p>
      <dl>
        {glossaryIds().map((id) => (
          <Fragment key={id}>
            <dt id={`glossary-${id}`}>{GLOSSARY[id].term}</dt>
            <dd>{GLOSSARY[id].definition}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
