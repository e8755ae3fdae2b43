// Commits a page config or view change: store, browser history (one entry per change) and route, kept in step.
import type { LabStoreApi } from '../../store/store';
import type { PageState } from '../../store/experimentState';
import type { Fields } from '../../experiments/framework/fields';
import { encodeHash, type ViewState } from '../../url/codec';

/**
 * Sets the page's config (and optionally its classroom/hidden view), pushes the link as a history entry so
 * back/forward walk through the changes, and points the route at it so a later back to an equal link still
 * re-reads it.
 */
export function commitPage(store: LabStoreApi, experimentId: string, fields: Fields, config: Record<string, unknown>, view?: ViewState): string {
  const st = store.getState();
  // the link keeps every part of the view it does not change (hidden panels, the one plot, embed mode)
  const next: ViewState = { ...currentView(st.page), ...view };
  st.setConfig(config);
  if (!!next.classroom !== st.page.classroom) st.setClassroom(!!next.classroom);
  const hash = encodeHash(experimentId, fields, config, next);
  if (location.hash !== hash) history.pushState(null, '', hash);
  st.navigate(hash);
  return hash;
}

/** The view a page's link carries now: classroom mode, fixed knobs and hidden panels, the one plot, embed mode. */
export function currentView(page: PageState): ViewState {
  return { classroom: page.classroom, hide: [...page.hidden, ...page.panels], plot: page.plot ?? undefined, embed: page.embed };
}
