// The trained-CRATE plots: training loss and accuracy, and per-layer R_c and sparsity before and after training.
import type { MetricValue, PlotSpec } from '../framework/types';

const LEGEND = { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' };
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const BEFORE = '#999999';
const AFTER = '#0072B2';

/** Grouped bars of one per-layer metric, at the random init and after training. */
function beforeAfter(id: string, title: string, axis: string, before: number[], after: number[], caption: string, range?: number[]): PlotSpec {
  const layers = before.map((_, l) => `layer ${l + 1}`);
  return {
    id,
    title,
    data: [
      { type: 'bar', x: layers, y: before, name: 'random init', marker: { color: BEFORE } },
      { type: 'bar', x: layers, y: after, name: 'trained', marker: { color: AFTER } },
    ],
    layout: { barmode: 'group', legend: LEGEND, xaxis: { type: 'category' }, yaxis: { title: { text: axis }, ...(range ? { range } : {}) } },
    caption,
  };
}

/** The plots of the trained CRATE, as far as the run has got (none before its training starts). */
export function crateTrainPlots(last: Record<string, MetricValue>): PlotSpec[] {
  const steps = arr(last.crate_train_steps);
  if (!steps.length) return [];
  const out: PlotSpec[] = [{
    id: 'crate-training',
    title: 'Trained CRATE: training loss and accuracy (full-batch Adam)',
    data: [
      { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(last.crate_train_loss), name: 'cross-entropy', line: { color: '#D55E00' } },
      { type: 'scatter', mode: 'lines+markers', x: steps, y: arr(last.crate_train_acc), name: 'train accuracy', yaxis: 'y2', line: { color: AFTER } },
    ],
    layout: {
      legend: LEGEND, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'loss (nats)' } },
      yaxis2: { title: { text: 'accuracy' }, overlaying: 'y', side: 'right', range: [0, 1] },
    },
    caption: typeof last.crate_acc_trained === 'number'
      ? `Test accuracy: trained CRATE ${(100 * last.crate_acc_trained).toFixed(1)}%, random CRATE with a trained linear head ${(100 * (last.crate_acc_random as number)).toFixed(1)}%.`
      : 'Loss and accuracy on the training images at the weights each step’s gradient was taken at.',
  }];
  const before = arr(last.crate_layer_Rc_before);
  if (before.length) {
    out.push(
      beforeAfter('crate-layer-rc', 'Trained CRATE: R_c(Z^ℓ | U^ℓ) of each layer’s output, test images', 'nats per image', before, arr(last.crate_layer_Rc_after),
        'Measured with the layer’s own U_k, scale included: learned U_k are not orthonormal, so R_c measures the subspaces and their scale together.'),
      beforeAfter('crate-layer-sparsity', 'Trained CRATE: fraction of exact zeros in each layer’s output', 'fraction of zeros', arr(last.crate_layer_sparsity_before), arr(last.crate_layer_sparsity_after),
        'Exact zeros left by each layer’s ISTA step, on the held-out images.', [0, 1]),
    );
  }
  return out;
}
