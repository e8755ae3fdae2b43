// Shown for an experiment id that is not (yet) available: says so, never breaks.
import { EXPERIMENT_CATALOG } from '../experiments/catalog';

export function ExperimentPlaceholder({ id }: { id: string }) {
  const entry = EXPERIMENT_CATALOG.find((e) => e.id === id);
  return (
    <section>
      <h1>{entry ? entry.title : 'Unknown experiment'}</h1>
      <p role="status" className="banner banner-info">
        {entry
          ? 'This experiment page is not available yet.'
          : `The link names an experiment “${id.slice(0, 80)}” that does not exist.`}{' '}
        <a href="#/">Back to the gallery</a>
      </p>
    </section>
  );
}
