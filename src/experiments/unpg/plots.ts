// The unpg page's plots: training loss, positive/negative similarity densities, sampled vs all negatives, and TAR vs FAR.
import type { PlotSpec, Progress } from '../framework/types';
import type { UnpgConfig } from './schema';
import { clusterColor } from '../framework/palette';

const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const line = (x: number[], y: number[], name: string, color: string, dash = 'solid') =>
  ({ type: 'scatter', mode: 'lines', x, y, name, line: { color, dash } });
const COSFACE = clusterColor(0);
const UNPG = clusterColor(4);
/** Two-row legends sit lower than the default so they clear the x-axis title. */
const LOW_LEGEND = { orientation: 'h', y: -0.35 };

/** The page's four plots from the latest metrics; a plot appears once its data has streamed in. */
export function unpgPlots(history: Progress[], config: UnpgConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  if (arr(m.loss_cosface).length) {
    plots.push({
      id: 'loss',
      title: 'Training loss',
      data: [
        line(arr(m.loss_steps_cosface), arr(m.loss_cosface), 'CosFace', COSFACE),
        ...(arr(m.loss_unpg).length ? [line(arr(m.loss_steps_unpg), arr(m.loss_unpg), 'UNPG', UNPG)] : []),
      ],
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'mean batch loss' } } },
      caption: 'Mean batch loss between reports. UNPG’s loss has more negatives in every denominator, so at the same weights it is the larger of the two; both runs start from the same weights and see the same batches.',
    });
  }
  const x = arr(m.hist_x);
  if (arr(m.pos_cosface).length) {
    plots.push({
      id: 'similarities',
      title: 'Held-out pair similarities',
      data: [
        line(x, arr(m.pos_cosface), 'positive, CosFace', COSFACE),
        line(x, arr(m.neg_cosface), 'negative, CosFace', COSFACE, 'dot'),
        ...(arr(m.pos_unpg).length ? [line(x, arr(m.pos_unpg), 'positive, UNPG', UNPG), line(x, arr(m.neg_unpg), 'negative, UNPG', UNPG, 'dot')] : []),
      ],
      layout: { xaxis: { title: { text: 'cosine similarity' }, range: [-1, 1] }, yaxis: { title: { text: 'density' } }, legend: LOW_LEGEND },
      caption: 'Densities of x̂ᵢᵀx̂ⱼ over every held-out pair: a well-discriminative feature space keeps the positives (solid) right of the negatives (dotted).',
    });
    plots.push({
      id: 'negatives',
      title: 'Sampled vs all negatives',
      data: [
        line(x, arr(m.class_neg_cosface), 'class negatives cos(x, wⱼ) (CosFace)', COSFACE),
        line(x, arr(m.neg_cosface), 'all negative pairs (CosFace)', COSFACE, 'dot'),
        ...(arr(m.batch_neg_kept).length ? [
          line(x, arr(m.batch_neg_kept), 'mini-batch negatives kept (UNPG, last step)', UNPG),
          line(x, arr(m.batch_neg_all), 'mini-batch negatives before the filter', UNPG, 'dot'),
        ] : []),
      ],
      layout: { xaxis: { title: { text: 'cosine similarity' }, range: [-1, 1] }, yaxis: { title: { text: 'density' } }, legend: LOW_LEGEND },
      caption: 'The mismatch the paper names: the negatives a classification loss samples (cosines to the other classes’ weights) stop short of the hardest negative pairs between samples; UNPG adds the mini-batch’s pairs, which come from the pair distribution.',
    });
  }
  const fars = arr(m.roc_far);
  if (arr(m.roc_cosface).length) {
    const far = Number(config.far);
    plots.push({
      id: 'verification',
      title: `Verification: TAR vs FAR (headline at FAR = ${config.far})`,
      data: [
        { ...line(fars, arr(m.roc_cosface), 'CosFace', COSFACE), mode: 'lines+markers' },
        ...(arr(m.roc_unpg).length ? [{ ...line(fars, arr(m.roc_unpg), 'UNPG', UNPG), mode: 'lines+markers' }] : []),
      ],
      layout: {
        xaxis: { title: { text: 'false-accept rate' }, type: 'log' },
        yaxis: { title: { text: 'true-accept rate' } },
        shapes: [{ type: 'line', yref: 'paper', x0: far, x1: far, y0: 0, y1: 1, line: { dash: 'dot', color: '#888' } }],
      },
      caption: 'Every held-out pair of digits is a verification trial: accept when the cosine exceeds the threshold that lets through the given fraction of negative pairs.',
    });
  }
  return plots;
}
