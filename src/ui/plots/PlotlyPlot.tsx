// Renders one PlotSpec with plotly.js, loaded lazily on first use so the first paint stays fast; PNG/SVG download.
import { useEffect, useRef, useState } from 'react';
import type { PlotSpec } from '../../experiments/framework/types';
import { loadPlotly, type PlotlyLike } from './loadPlotly';
import { useContainerResize } from './useContainerResize';

const BASE_LAYOUT = {
  margin: { l: 60, r: 20, t: 10, b: 50 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
  font: { family: 'system-ui, Liberation Sans, sans-serif', size: 13 },
  showlegend: true,
  legend: { orientation: 'h', y: -0.2 },
  autosize: true,
};

let drawChain: Promise<unknown> = Promise.resolve();

/**
 * Runs plot draws one per task, in order: several plots updating at once (a run's last step) then cost several
 * short main-thread tasks instead of one long one. A draw whose plot changed again before its turn is skipped.
 */
function queueDraw<T>(draw: () => Promise<T>): Promise<T> {
  const result = drawChain.then(() => new Promise<void>((r) => setTimeout(r, 0))).then(draw);
  drawChain = result.catch(() => undefined);
  return result;
}

/** A file name from the page and plot ids (letters, digits, dashes only). */
function imageName(prefix: string, id: string): string {
  return `${prefix}-${id}`.replace(/[^a-zA-Z0-9_-]+/g, '-').slice(0, 80);
}

export function PlotlyPlot({ spec, height = 340, filePrefix = 'plot' }: { spec: PlotSpec; height?: number; filePrefix?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyLike | null>(null);
  const [error, setError] = useState<string | null>(null);
  // true once plotly has drawn the current spec (tests and screenshots wait for it)
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    let alive = true;
    loadPlotly().then(
      (p) => alive && setPlotly(p),
      (e: Error) => alive && setError(`The plotting library failed to load: ${e.message}`),
    );
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (!plotly || !el.current) return;
    let alive = true;
    const layout = { ...BASE_LAYOUT, height, ...(spec.layout ?? {}) };
    const node = el.current;
    queueDraw(() => (alive && node.isConnected ? plotly.react(node, spec.data, layout, { responsive: true, displaylogo: false }).then(() => true) : Promise.resolve(false))).then(
      (drewIt) => alive && drewIt && setDrawn(true),
      (e: Error) => alive && setError(`The plot could not be drawn: ${e.message}`),
    );
    return () => {
      alive = false;
    };
  }, [plotly, spec, height]);

  useEffect(() => {
    const node = el.current;
    return () => {
      if (node && plotly) plotly.purge(node);
    };
  }, [plotly]);

  useContainerResize(el, plotly, drawn);

  const download = (format: 'png' | 'svg') => {
    if (!plotly || !el.current) return;
    const width = Math.max(320, el.current.clientWidth);
    plotly.downloadImage(el.current, { format, filename: imageName(filePrefix, spec.id), width, height }).catch((e: Error) => setError(`The image could not be saved: ${e.message}`));
  };

  return (
    <figure className="plot" data-testid={`plot-${spec.id}`} data-rendered={drawn ? 'true' : 'false'}>
      <figcaption className="plot-head">
        <span className="plot-title">{spec.title}</span>
        <span className="plot-export">
          <button type="button" className="secondary small" disabled={!drawn} onClick={() => download('png')} aria-label={`Download “${spec.title}” as PNG`} data-testid={`export-png-${spec.id}`}>
            PNG
          </button>
          <button type="button" className="secondary small" disabled={!drawn} onClick={() => download('svg')} aria-label={`Download “${spec.title}” as SVG`} data-testid={`export-svg-${spec.id}`}>
            SVG
          </button>
        </span>
      </figcaption>
      {error ? <p role="alert">{error}</p> : <div ref={el} className="plot-area" style={{ minHeight: height }} />}
      {spec.caption && <p className="plot-caption">{spec.caption}</p>}
    </figure>
  );
}
