// The experiment gallery: every planned page, linked when it exists, then the reading list of papers.
import { EXPERIMENT_CATALOG } from '../experiments/catalog';
import { availableExperimentIds } from '../experiments/registry';
import { ReadingList } from './ReadingList';

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
        <ul className="gallery">
          {EXPERIMENT_CATALOG.map((e) => {
            const ready = available.has(e.id);
            return (
              <li key={e.id} className={`card ${ready ? '' : 'card-planned'}`} data-testid={`card-${e.id}`}>
                <h2>{ready ? <a href={`#/${e.id}`}>{e.title}</a> : e.title}</h2>
                <p>{e.idea}</p>
                <p className="papers">{e.papers.join(' · ')}</p>
                {!ready && <p className="status">coming soon</p>}
              </li>
            );
          })}
        </ul>
      </section>
      <ReadingList available={available} />
    </>
  );
}
