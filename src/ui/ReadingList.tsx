// The reading list: every paper Subspace Lab is built around, in two sentences, with the page that shows its idea.
import { EXPERIMENT_CATALOG } from '../experiments/catalog';
import { READING_LIST, readingLink } from '../experiments/papers';

export function ReadingList({ available }: { available: ReadonlySet<string> }) {
  const titleOf = new Map(EXPERIMENT_CATALOG.map((c) => [c.id, c.title]));
  const pageLink = (id: string) =>
    available.has(id) ? (
      <a href={`#/${id}`}>{titleOf.get(id) ?? id}</a>
    ) : (
      <span>
        {titleOf.get(id) ?? id} <span className="status">(coming soon)</span>
      </span>
    );
  return (
    <section aria-labelledby="reading-title" className="reading-list" data-testid="reading-list">
      <h2 id="reading-title">Reading list</h2>
      <p className="lede">
        The {READING_LIST.length} papers behind the pages, each in a sentence or two, with the page that reproduces its core idea at toy scale. Titles link to an
        arXiv title search.
      </p>
      <ul className="reading">
        {READING_LIST.map((p) => (
          <li key={p.title} className={`reading-card ${p.scope === 'idea' ? 'reading-idea' : ''}`} data-testid="reading-entry" data-page={p.pages[0]}>
            <h3>
              <a href={readingLink(p)} target="_blank" rel="noreferrer noopener">
                {p.title}
              </a>
            </h3>
            <p className="reading-short">{p.short}{p.scope === 'idea' ? ' · not an experiment here' : ''}</p>
            <p>{p.summary}</p>
            {p.note && <p className="reading-note">{p.note}</p>}
            <p className="reading-pages">
              {p.scope === 'idea' ? 'Underlying idea on: ' : 'Demonstrated on: '}
              {p.pages.map((id, i) => (
                <span key={id}>
                  {i > 0 && ' · '}
                  {pageLink(id)}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
