// One plot sized to the space its stage is given (classroom on a projector, embed in an iframe), or at a fixed height elsewhere.
import { useLayoutEffect, useRef, useState, type HTMLAttributes } from 'react';
import type { PlotSpec } from '../../experiments/framework/types';
import { PlotlyPlot } from '../plots/PlotlyPlot';
import type { PlotlyBundle } from '../plots/loadPlotly';

/** The smallest plot height a fitted stage draws, in CSS px; below it the stage scrolls instead. */
export const MIN_FIT_HEIGHT = 200;

type Props = { spec: PlotSpec; filePrefix: string; fallbackHeight: number; bundle: PlotlyBundle; throttle: boolean } & Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

/**
 * The stage fills what its layout leaves (CSS sets `--plot-fit: 1` on it where the layout gives it a definite
 * height: classroom mode on a wide screen, embed mode); the plot then gets that height less its title, legend and
 * caption. Elsewhere (a phone) the stage grows with its content and the plot keeps `fallbackHeight`.
 */
export function PlotStage({ spec, filePrefix, fallbackHeight, bundle, throttle, className, ...rest }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(fallbackHeight);
  useLayoutEffect(() => {
    const node = stage.current;
    if (!node) return;
    const measure = () => {
      if (getComputedStyle(node).getPropertyValue('--plot-fit').trim() !== '1') return setHeight(fallbackHeight);
      const figure = node.querySelector('figure.plot');
      const area = node.querySelector('.plot-area');
      // the figure's chrome (title row, legend, caption, padding) does not depend on the plot's height
      const chrome = figure && area ? figure.getBoundingClientRect().height - area.getBoundingClientRect().height : 0;
      setHeight(Math.max(MIN_FIT_HEIGHT, Math.floor(node.clientHeight - chrome - 1)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    // the chrome grows once the plot's first draw brings its legend (PlotLegend): measured again then
    const figure = node.querySelector('figure.plot');
    if (figure) observer.observe(figure);
    return () => observer.disconnect();
  }, [spec.id, fallbackHeight]);
  return (
    <div ref={stage} className={`plot-stage ${className ?? ''}`} data-plot-height={height} {...rest}>
      <PlotlyPlot key={spec.id} spec={spec} bundle={bundle} throttle={throttle} height={height} filePrefix={filePrefix} />
    </div>
  );
}
