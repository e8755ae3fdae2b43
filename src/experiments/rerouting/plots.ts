// The rerouting page's plots: success rate and perturbation norm against steps for the three attacks, and the hidden states' mean path.
import type { PlotSpec, Progress } from '../framework/types';
import type { ReroutingConfig } from './schema';
import { clusterColor } from '../framework/palette';

const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

/** The two attacks, their labels and colors (the same in every plot). */
const ATTACKS = [
  { kind: 'reroute', label: 'subspace rerouting', color: clusterColor(4) },
  { kind: 'probe', label: 'probe rerouting', color: clusterColor(2) },
  { kind: 'logit', label: 'plain logit attack', color: clusterColor(5) },
] as const;

function curves(last: Record<string, unknown>, metric: (kind: string) => string): Record<string, unknown>[] {
  return ATTACKS.filter((a) => arr(last[`steps_${a.kind}`]).length).map((a) => ({
    type: 'scatter', mode: 'lines+markers', x: arr(last[`steps_${a.kind}`]), y: arr(last[metric(a.kind)]), name: a.label,
    line: { color: a.color }, marker: { color: a.color, size: 5 },
  }));
}

/** Success, perturbation norm and the mean hidden-state path, from the last streamed metrics (empty before the first attack report). */
export function reroutingPlots(history: Progress[], config: ReroutingConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const success = curves(last, (k) => `success_${k}_curve`);
  if (!success.length) return [];
  const steps = { title: { text: 'attack step' } };
  const plots: PlotSpec[] = [
    {
      id: 'success',
      title: `Success rate: digit ${config.source} answered as ${config.target}`,
      data: success,
      layout: { xaxis: steps, yaxis: { title: { text: 'fraction of attacked digits' }, range: [0, 1.05] } },
      caption: 'Success means the whole model now outputs the target class; all three attacks take normalized gradient steps of the same size, and a digit stops moving once it succeeds.',
    },
    {
      id: 'norm',
      title: 'Mean perturbation norm ‖δ‖₂',
      data: curves(last, (k) => `norm_${k}_curve`),
      layout: { xaxis: steps, yaxis: { title: { text: 'mean ‖δ‖₂ (pixels in [0, 1])' } } },
      caption: 'The ℓ2 size of the input change, averaged over all attacked digits (successful ones are frozen, so a flat curve means every digit has succeeded).',
    },
  ];
  const path = ATTACKS.filter((a) => arr(last[`path_${a.kind}_source`]).length).map((a) => ({
    type: 'scatter', mode: 'lines+markers', x: arr(last[`path_${a.kind}_source`]), y: arr(last[`path_${a.kind}_target`]), name: a.label,
    line: { color: a.color }, marker: { color: a.color, size: 5 },
  }));
  const point = (v: unknown, name: string, color: string, symbol: string) => ({
    type: 'scatter', mode: 'markers+text', x: [arr(v)[0]], y: [arr(v)[1]], name, text: [name], textposition: 'top center',
    marker: { color, size: 14, symbol },
  });
  plots.push({
    id: 'path',
    title: 'Hidden states’ mean path, projected on the two subspaces',
    data: [
      ...path,
      point(last.source_class_point, `clean ${config.source}s`, clusterColor(7), 'circle-open'),
      point(last.target_class_point, `clean ${config.target}s`, clusterColor(0), 'star'),
    ],
    layout: { xaxis: { title: { text: `‖U_sᵀh‖ (source subspace, digit ${config.source})` } }, yaxis: { title: { text: `‖U_tᵀh‖ (target subspace, digit ${config.target})` } } },
    caption: 'Mean lengths of the first hidden layer’s projections on each class subspace, every reported step, from the clean source digits towards the target class’s mean.',
  });
  return plots;
}
