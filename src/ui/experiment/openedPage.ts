// The page state a link opens, and opening it before the first render: an experiment's config, warnings and view (classroom, hidden knobs and panels, plot, embed) read from its query.
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import type { PageState } from '../../store/experimentState';
import type { LabStoreApi } from '../../store/store';
import { getExperiment } from '../../experiments/registry';
import { decodeQuery } from '../../url/codec';
import { splitHide } from '../../url/viewState';

/** What `openExperiment` is given for `meta` opened with `query` (never throws: see decodeQuery). */
export function openedPage(meta: ExperimentMeta<Fields>, query: string): Omit<PageState, 'plotIndex'> {
  const { config, view, warnings } = decodeQuery(meta.fields, query);
  const { knobs, panels } = splitHide(meta.fields, view.hide ?? []);
  return { id: meta.id, config, warnings, classroom: !!view.classroom, hidden: knobs, panels, plot: view.plot ?? null, embed: !!view.embed };
}

/** Opens the experiment the store's route names, if it is one (what its page's first effect would do). */
export function openLinkedExperiment(store: LabStoreApi): void {
  const { route } = store.getState();
  const meta = route.page === 'experiment' ? getExperiment(route.id) : undefined;
  if (meta && route.page === 'experiment') store.getState().openExperiment(openedPage(meta, route.query));
}
