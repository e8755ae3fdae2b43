// The experiment gallery: the start-here path, every planned page (linked, with a thumbnail of a real run, when it exists), the glossary and the reading list.
import { EXPERIMENT_CATALOG } from '../experiments/catalog';
import { availableExperimentIds } from '../experiments/registry';
import { ReadingList } from './ReadingList';
import { StartHere } from './guide/StartHere';
import { GlossarySection } from './guide/GlossarySection';

/** The picture of a page's main plot from its quick run (public/thumbnails, made by `npm run thumbnails`). */
function thumbnailUrl(id: string): string {
  return `${import.meta.env.BASE_URL}thumbnails/${id}.webp`;
}

export function Gallery() {
  const available = new Set(availableExperimentIds());
  return (
    <>
      <section aria-labelledby="gallery-title">
        <h1 id="gallery-title">Experiments</h1>
        <p className="lede">
          Small, faithful versions of today’s subspace and low-rank learning ideas, run on your own GPU. Pick one, press Run, and
          share the link: it reproduces the run.
        </p>
        <StartHere />
        <h2 id="pages-title">Every page</h2>
        <ul className="gallery">
          {EXPERIMENT_CATALOG.map((e) => {
            const ready = available.has(e.id);
            return (
              <li key={e.id} className={`card ${ready ? '' : 'card-planned'}`} data-testid={`card-${e.id}`}>
                <h2>{ready ? <a href={`#/${e.id}`}>{e.title}</a> : e.title}</h2>
                {ready && (
                  <img className="card-thumb" src={thumbnailUrl(e.id)} alt={`${e.title}: the main plot of a quick run`} width={320} height={180} loading="lazy" data-testid={`thumb-${e.id}`} />
                )}
                <p>{e.idea}</p>
                <p className="papers">{e.papers.join(' · ')}</p>
                {!ready && <p className="status">coming soon</p>}
              </li>
            );
          })}
        </ul>
      </section>
      <GlossarySection />
      <ReadingList available={available} />
    </>
  );
}
