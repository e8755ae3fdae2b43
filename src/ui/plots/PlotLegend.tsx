// A plot's legend drawn by the page, not by plotly: one button per entry (click hides or shows its traces, double click shows it alone).
import type { LegendEntry, LegendSwatch, MarkerShape } from './plotLegend';
import { entryOn } from './plotLegend';

const W = 28;
const H = 14;

/** A marker of `shape` centred in the swatch. */
function Marker({ shape, color }: { shape: MarkerShape; color: string }) {
  const c = { x: W / 2, y: H / 2 };
  const r = 4;
  switch (shape) {
    case 'square':
      return <rect x={c.x - r} y={c.y - r} width={2 * r} height={2 * r} fill={color} />;
    case 'diamond':
      return <polygon points={`${c.x},${c.y - r - 1} ${c.x + r + 1},${c.y} ${c.x},${c.y + r + 1} ${c.x - r - 1},${c.y}`} fill={color} />;
    case 'triangle':
      return <polygon points={`${c.x},${c.y - r - 1} ${c.x + r + 1},${c.y + r} ${c.x - r - 1},${c.y + r}`} fill={color} />;
    case 'x':
    case 'cross': {
      const d = shape === 'x' ? `M${c.x - r},${c.y - r}L${c.x + r},${c.y + r}M${c.x - r},${c.y + r}L${c.x + r},${c.y - r}` : `M${c.x - r},${c.y}L${c.x + r},${c.y}M${c.x},${c.y - r}L${c.x},${c.y + r}`;
      return <path d={d} stroke={color} strokeWidth={2.5} />;
    }
    case 'star': {
      const pts = Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 ? r * 0.45 : r + 1.5;
        return `${(c.x + rr * Math.cos(a)).toFixed(1)},${(c.y + rr * Math.sin(a)).toFixed(1)}`;
      });
      return <polygon points={pts.join(' ')} fill={color} />;
    }
    default:
      return <circle cx={c.x} cy={c.y} r={r} fill={color} />;
  }
}

/** The little picture before an entry's name: its band or bar, its line, its marker. */
function Swatch({ swatch }: { swatch: LegendSwatch }) {
  return (
    <svg className="plot-legend-swatch" width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
      {swatch.box && <rect x={swatch.line || swatch.marker ? 0 : 6} y={2} width={swatch.line || swatch.marker ? W : W - 12} height={H - 4} fill={swatch.box.color} opacity={swatch.line || swatch.marker ? 0.35 : 1} />}
      {swatch.line && <line x1={1} y1={H / 2} x2={W - 1} y2={H / 2} stroke={swatch.line.color} strokeWidth={2} strokeDasharray={swatch.line.dash ?? undefined} />}
      {swatch.marker && <Marker shape={swatch.marker.symbol} color={swatch.marker.color} />}
    </svg>
  );
}

/**
 * The entries as a row of toggle buttons that wraps to the plot's width (on a phone too). Each button says whether
 * its traces are shown (aria-pressed) and is reachable by keyboard, which plotly's own legend is not.
 */
export function PlotLegend({ entries, shown, title, onToggle, onIsolate }: {
  entries: readonly LegendEntry[];
  shown: Readonly<Record<string, boolean>>;
  title: string;
  onToggle(key: string): void;
  onIsolate(key: string): void;
}) {
  if (!entries.length) return null;
  return (
    <div className="plot-legend" role="group" aria-label={`Legend of “${title}”: click an entry to hide or show it, double-click to show it alone`} data-testid="plot-legend">
      {entries.map((e, i) => {
        const on = entryOn(e, shown);
        return (
          <button
            key={`${i}-${e.key}`}
            type="button"
            className={on ? 'plot-legend-entry' : 'plot-legend-entry off'}
            aria-pressed={on}
            title={on ? `Hide “${e.name}” (double-click: show it alone)` : `Show “${e.name}”`}
            data-key={e.key}
            onClick={(ev) => {
              // the second click of a double click is the isolate's, not a toggle back
              if (ev.detail > 1) return;
              onToggle(e.key);
            }}
            onDoubleClick={() => onIsolate(e.key)}
          >
            <Swatch swatch={e.swatch} />
            <span className="plot-legend-name">{e.name}</span>
          </button>
        );
      })}
    </div>
  );
}
