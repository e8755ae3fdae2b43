// A plot's legend as the page draws it (PlotLegend), read from the traces plotly resolved: entries, swatches, which traces each toggles.

/** One trace as plotly resolved it (`_fullData` of a drawn plot): the fields a legend entry needs. */
export type ResolvedTrace = {
  index?: number;
  type?: string;
  name?: string;
  mode?: string;
  visible?: boolean | 'legendonly';
  showlegend?: boolean;
  legendgroup?: string;
  fill?: string;
  fillcolor?: string;
  line?: { color?: unknown; dash?: unknown; width?: unknown };
  marker?: { color?: unknown; symbol?: unknown };
};

/** How an entry's swatch is drawn: a line (dashed or not), a marker, both, a filled bar, or a filled band. */
export type LegendSwatch = {
  line?: { color: string; dash: string | null };
  marker?: { color: string; symbol: MarkerShape };
  box?: { color: string };
};

export type MarkerShape = 'circle' | 'square' | 'diamond' | 'x' | 'cross' | 'triangle' | 'star';

export type LegendEntry = {
  /** What the entry toggles: its legend group (every trace in it) or its own trace. */
  key: string;
  name: string;
  swatch: LegendSwatch;
  /** Whether plotly drew its trace (not hidden by the legend) in the draw the entry was read from. */
  drawn: boolean;
};

/** Where the legend goes: above the plot where the spec puts plotly's legend above it (y ≥ 1), else below. */
export type LegendPlacement = 'above' | 'below';

/** Trace types drawn as a filled box in the legend. */
const BOX_TYPES = new Set(['bar', 'histogram', 'box', 'violin', 'pie']);
/** plotly's dash names as SVG stroke-dasharray for a 2-px line. */
const DASHES: Record<string, string> = { dot: '2,3', dash: '6,3', longdash: '10,3', dashdot: '6,3,2,3', longdashdot: '10,3,2,3' };
const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'diamond', 'x', 'cross', 'triangle', 'star'];
/** A colour for a swatch whose trace is coloured per point (a colour scale) or not at all. */
const NEUTRAL = '#888888';

const colorOf = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** A name as text: plotly reads a few HTML tags in names (<br>, <sub>, <b>, …); the page shows their text. */
export function plainText(name: string): string {
  return name.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '');
}

/** The key a trace toggles under: its legend group, else its name, else its place among the spec's traces. */
export function toggleKey(trace: { legendgroup?: unknown; name?: unknown }, index: number): string {
  if (typeof trace.legendgroup === 'string' && trace.legendgroup) return `group:${trace.legendgroup}`;
  return typeof trace.name === 'string' ? `name:${trace.name}` : `trace:${index}`;
}

/** Whether the spec wants a legend at all: every plot has one (an image export's too) unless its layout says `showlegend: false`. */
export function legendWanted(layout: Record<string, unknown> | undefined): boolean {
  return layout?.showlegend !== false;
}

/** Above the plot where the spec anchors plotly's legend at or above its top (y ≥ 1), else below it. */
export function legendPlacement(layout: Record<string, unknown> | undefined): LegendPlacement {
  const legend = layout?.legend as { y?: unknown } | undefined;
  return typeof legend?.y === 'number' && legend.y >= 1 ? 'above' : 'below';
}

function markerShape(symbol: unknown): MarkerShape {
  const name = typeof symbol === 'string' ? symbol.replace(/-(open|dot|open-dot)$/, '') : 'circle';
  if (name.startsWith('triangle')) return 'triangle';
  return (SHAPES as readonly string[]).includes(name) ? (name as MarkerShape) : 'circle';
}

/** The swatch of one resolved trace: what plotly's own legend would draw for it, simplified. */
export function swatchOf(t: ResolvedTrace): LegendSwatch {
  const lineColor = colorOf(t.line?.color);
  const markerColor = colorOf(t.marker?.color);
  if (BOX_TYPES.has(t.type ?? '')) return { box: { color: markerColor ?? lineColor ?? NEUTRAL } };
  const mode = t.mode ?? '';
  const filled = t.fill !== undefined && t.fill !== 'none';
  const swatch: LegendSwatch = {};
  if (filled) swatch.box = { color: colorOf(t.fillcolor) ?? lineColor ?? NEUTRAL };
  if (mode.includes('lines')) swatch.line = { color: lineColor ?? NEUTRAL, dash: typeof t.line?.dash === 'string' ? (DASHES[t.line.dash] ?? null) : null };
  if (mode.includes('markers') || (!swatch.line && !swatch.box)) swatch.marker = { color: markerColor ?? lineColor ?? NEUTRAL, symbol: markerShape(t.marker?.symbol) };
  return swatch;
}

/**
 * The legend's entries, in trace order: one per trace plotly would list (visible or hidden by the legend, and
 * `showlegend` as plotly resolved it: false for heatmaps, contours and 3-D surfaces unless the spec asks), named as
 * plotly names it ("trace 2" where the spec gives no name). `specTraces` gives each entry's toggle key (toggleKey).
 */
export function legendEntries(resolved: readonly ResolvedTrace[], specTraces: readonly Record<string, unknown>[], wanted: boolean): LegendEntry[] {
  if (!wanted) return [];
  const entries: LegendEntry[] = [];
  resolved.forEach((t, i) => {
    if (t.visible === false || t.showlegend !== true) return;
    const index = typeof t.index === 'number' ? t.index : i;
    entries.push({ key: toggleKey(specTraces[index] ?? {}, index), name: plainText(t.name ?? `trace ${index}`), swatch: swatchOf(t), drawn: t.visible !== 'legendonly' });
  });
  return entries;
}

/**
 * The spec's traces as drawn with the reader's choices: a trace whose key is in `shown` as false is drawn
 * `visible: 'legendonly'` (kept in the legend, left out of the plot and its axes' ranges), as true drawn even where
 * the spec had it hidden by the legend. Returns new trace objects where one changes; the others as they are.
 */
export function withLegendChoices<T extends Record<string, unknown>>(traces: T[], shown: Readonly<Record<string, boolean>>): T[] {
  return traces.map((t, i) => {
    const choice = shown[toggleKey(t, i)];
    if (choice === undefined || t.visible === false) return t;
    return { ...t, visible: choice ? true : 'legendonly' };
  });
}

/** Whether an entry shows as on: the reader's latest choice (drawn at the plot's next turn), else as it was drawn. */
export function entryOn(entry: LegendEntry, shown: Readonly<Record<string, boolean>>): boolean {
  return shown[entry.key] ?? entry.drawn;
}

/** The choices after a click on `key`: that entry flips. */
export function toggled(entries: readonly LegendEntry[], shown: Readonly<Record<string, boolean>>, key: string): Record<string, boolean> {
  const entry = entries.find((e) => e.key === key);
  return entry ? { ...shown, [key]: !entryOn(entry, shown) } : { ...shown };
}

/**
 * The choices after a double click on `key` (plotly's legend does the same): only that entry on; if it already was the
 * only one on, every entry back as the spec draws it.
 */
export function isolated(entries: readonly LegendEntry[], shown: Readonly<Record<string, boolean>>, key: string): Record<string, boolean> {
  const alone = entries.every((e) => entryOn(e, shown) === (e.key === key));
  if (alone) return {};
  return Object.fromEntries(entries.map((e) => [e.key, e.key === key]));
}
