// The view part of a link (not the config): classroom mode, hidden knobs and panels, one plot, embed mode.
import type { Fields } from '../experiments/framework/fields';

/**
 * Panels of an experiment page that `hide=` can remove, besides knobs (field names):
 * card (the idea and formula), presets, params (the whole knob panel), upload, link (share and teacher
 * links), export, import. No experiment may name a field after a panel (a unit test holds it).
 */
export const PANELS = ['card', 'presets', 'params', 'upload', 'link', 'export', 'import'] as const;
export type Panel = (typeof PANELS)[number];

/** Extra page state that travels in the link but is not part of the config. */
export type ViewState = {
  classroom?: boolean;
  /** Knobs (field names) fixed by the link and panels (see PANELS) it hides, in any order. */
  hide?: string[];
  /** The one plot (its PlotSpec id) the page shows; the others are hidden. */
  plot?: string;
  /** Embed mode: one plot and its run button, nothing else (for an iframe). */
  embed?: boolean;
};

/** Link keys that carry the view, not config fields. */
export const VIEW_KEYS = new Set(['classroom', 'hide', 'plot', 'embed']);

const PLOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isPanel(name: string): name is Panel {
  return (PANELS as readonly string[]).includes(name);
}

/** Knobs first in field order, then panels in PANELS order: the same choice always gives the same link. */
export function canonicalHide(fields: Fields, hide: readonly string[]): string[] {
  const set = new Set(hide);
  return [...Object.keys(fields).filter((k) => set.has(k)), ...PANELS.filter((p) => set.has(p))];
}

/** Splits a hide list into the knobs it fixes and the panels it removes. */
export function splitHide(fields: Fields, hide: readonly string[]): { knobs: string[]; panels: Panel[] } {
  const canonical = canonicalHide(fields, hide);
  return { knobs: canonical.filter((h) => h in fields), panels: canonical.filter(isPanel) };
}

/** True when a link's query string asks for embed mode (the app shell reads this before the page decodes it). */
export function isEmbedQuery(query: string): boolean {
  try {
    return flag(new URLSearchParams(query).get('embed') ?? '');
  } catch {
    return false;
  }
}

function flag(v: string): boolean {
  return v === '1' || v === 'true';
}

/** Writes the view's keys (after the config, before `v`). */
export function encodeView(fields: Fields, view: ViewState, params: URLSearchParams): void {
  if (view.classroom) params.set('classroom', '1');
  const hide = canonicalHide(fields, view.hide ?? []);
  if (hide.length) params.set('hide', hide.join(','));
  if (view.plot) params.set('plot', view.plot);
  if (view.embed) params.set('embed', '1');
}

/** Reads one view key into `view`; anything it cannot use becomes a warning naming what is accepted. */
export function decodeViewKey(fields: Fields, key: string, raw: string, view: ViewState, warnings: string[]): void {
  switch (key) {
    case 'classroom':
      view.classroom = flag(raw);
      break;
    case 'embed':
      view.embed = flag(raw);
      break;
    case 'plot':
      if (PLOT_ID.test(raw)) view.plot = raw;
      else warnings.push(`“plot=${raw.slice(0, 40)}” is not a plot id (letters, digits, - and _); every plot is shown.`);
      break;
    case 'hide': {
      const names = raw.split(',').map((h) => h.trim()).filter(Boolean);
      const unknown = names.filter((h) => !(h in fields) && !isPanel(h));
      for (const h of unknown.slice(0, 8)) {
        warnings.push(`“hide=${h.slice(0, 40)}” names neither a knob of this page nor a panel (${PANELS.join(', ')}); it is ignored.`);
      }
      view.hide = canonicalHide(fields, names);
      break;
    }
  }
}
