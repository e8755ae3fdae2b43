// Plots of the label-free deep method: its relative self-expression error with the stopping point, and DSC vs raw SSC.
import type { Metrics, PlotSpec } from '../framework/types';
import { CLUSTER_COLORS } from '../framework/palette';

const arr = (v: unknown): number[] | undefined => (Array.isArray(v) ? (v as number[]) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Nothing until the 'dsc' method has run; the comparison needs SSC too. */
export function dscPlots(m: Metrics): PlotSpec[] {
  const errors = arr(m.curve_dsc);
  if (!errors?.length) return [];
  const epochs = errors.map((_, i) => i + 1);
  const stop = num(m.stop_epoch_dsc) ?? 0;
  const plots: PlotSpec[] = [{
    id: 'dsc-stop', title: 'Deep SSC: relative self-expression error ‖Z − CᵀZ‖/‖Z‖ per epoch',
    data: [
      { type: 'scatter', mode: 'lines+markers', name: 'relative error', x: epochs, y: errors, marker: { size: 4, color: CLUSTER_COLORS[4] } },
      ...(stop > 0 ? [{ type: 'scatter', mode: 'markers', name: `stop (epoch ${stop})`, x: [stop], y: [errors[stop - 1]], marker: { size: 12, symbol: 'x', color: CLUSTER_COLORS[5] } }] : []),
    ],
    layout: { xaxis: { title: { text: 'fine-tuning epoch' } }, yaxis: { title: { text: 'relative error' }, type: 'log' } },
    caption: stop > 0
      ? `Training stopped at epoch ${stop}, the first whose error was not below the previous one; no label was used.`
      : 'The error improved every epoch, so training ran to the epoch limit.',
  }];
  if (num(m.accuracy_ssc) !== undefined) {
    const names = ['SSC on raw data', 'label-free deep SSC'];
    plots.push({
      id: 'dsc-vs-ssc', title: 'Deep SSC against classical SSC on the raw data',
      data: [['accuracy', 'accuracy (Hungarian)', 4], ['nmi', 'NMI', 0]].map(([key, name, color]) => ({
        type: 'bar', name, x: names, y: [num(m[`${key}_ssc`]), num(m[`${key}_dsc`])], marker: { color: CLUSTER_COLORS[color as number] },
      })),
      layout: { barmode: 'group', yaxis: { title: { text: 'score' }, range: [0, 1.02] } },
      caption: 'Same points, same spectral clustering; only where the self-expression is learned differs (pixels vs. a trained latent).',
    });
  }
  return plots;
}
