// The intrinsic-dimension page's plots: accuracy vs d with the 90% line and d_int90, training curves, the toy.
import type { PlotSpec, Progress } from '../framework/types';
import type { IntrinsicDimensionConfig } from './schema';
import { intrinsicDimension } from './sweep';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

export function intrinsicDimensionPlots(history: Progress[], config: IntrinsicDimensionConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const full = num(last.full_accuracy);
  const dValues = arr(last.d_values);
  const accuracy = arr(last.accuracy);
  const D = num(last.D) ?? 0;
  if (full !== undefined) {
    // Recomputed here so the threshold can change without a new run.
    const dInt = intrinsicDimension(dValues, accuracy, full, config.threshold);
    const target = config.threshold * full;
    const pct = Math.round(config.threshold * 100);
    const shapes: Record<string, unknown>[] = [
      { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: full, y1: full, line: { dash: 'dash', color: '#1f3a5f' } },
      { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: target, y1: target, line: { dash: 'dot', color: '#c05621' } },
    ];
    const annotations: Record<string, unknown>[] = [
      { xref: 'paper', x: 1, y: full, text: `full training (D = ${D}): ${(100 * full).toFixed(1)}%`, showarrow: false, xanchor: 'right', yanchor: 'bottom' },
      { xref: 'paper', x: 1, y: target, text: `${pct}% of full`, showarrow: false, xanchor: 'right', yanchor: 'top' },
    ];
    if (dInt > 0) {
      shapes.push({ type: 'line', yref: 'paper', x0: dInt, x1: dInt, y0: 0, y1: 1, line: { color: '#b42318' } });
      annotations.push({ x: Math.log10(dInt), yref: 'paper', y: 0.02, text: `d_int${pct} = ${dInt}`, showarrow: false, xanchor: 'left' });
    }
    plots.push({
      id: 'accuracy-vs-d',
      title: dInt > 0 ? `Test accuracy vs subspace size: d_int${pct} = ${dInt} of D = ${D}` : 'Test accuracy vs subspace size',
      data: [{ type: 'scatter', mode: 'lines+markers', x: dValues, y: accuracy, name: 'trained in a random d-dim subspace' }],
      layout: { xaxis: { title: { text: 'subspace dimension d' }, type: 'log' }, yaxis: { title: { text: 'test accuracy' }, range: [0, 1.02] }, shapes, annotations },
      caption: `Each point trains only d numbers z, with θ = θ₀ + P·z. The smallest d reaching ${pct}% of full training's accuracy is the intrinsic dimension.`,
    });
  }
  const curves: Record<string, unknown>[] = [];
  if (arr(last.full_steps).length) curves.push({ type: 'scatter', mode: 'lines', x: arr(last.full_steps), y: arr(last.full_test_accuracy), name: 'full training' });
  if (arr(last.current_steps).length) curves.push({ type: 'scatter', mode: 'lines', x: arr(last.current_steps), y: arr(last.current_test_accuracy), name: `d = ${num(last.current_d)}` });
  if (curves.length) {
    plots.push({
      id: 'training-curves',
      title: 'Test accuracy during training',
      data: curves,
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'test accuracy' }, range: [0, 1.02] } },
      caption: `Read back every ${config.reportEvery} steps; the last subspace run is drawn beside full training.`,
    });
  }
  const toyD = arr(last.toy_d_values);
  if (toyD.length) {
    const floorAt = (v: number) => Math.max(v, 1e-14);
    plots.push({
      id: 'toy',
      title: `The paper’s toy: d_int = ${num(last.toy_d_int) ?? '…'} (exactly 10 in theory)`,
      data: [
        { type: 'scatter', mode: 'markers', x: toyD, y: arr(last.toy_loss).map(floorAt), name: 'loss after training', marker: { size: 9 } },
        { type: 'scatter', mode: 'lines', x: toyD, y: arr(last.toy_floor).map(floorAt), name: 'lowest loss the subspace allows', line: { dash: 'dot' } },
      ],
      layout: {
        xaxis: { title: { text: 'subspace dimension d' } },
        yaxis: { title: { text: 'Σ_g (Σ_{i∈g} θ_i − g)²' }, type: 'log' },
        shapes: [{ type: 'line', yref: 'paper', x0: 10, x1: 10, y0: 0, y1: 1, line: { dash: 'dash', color: '#b42318' } }],
      },
      caption: '1000 parameters, 10 constraints: below d = 10 a random subspace cannot satisfy them all; from d = 10 on the loss can reach 0. Near d = 10 the random system can be ill-conditioned and slow to train.',
    });
  }
  return plots;
}
