// The lora page's plots: test accuracy vs trainable parameters, and cos(ΔW, ΔW_full) vs rank.
import type { PlotSpec, Progress } from '../framework/types';
import type { LoraConfig } from './schema';
import { LORA_METHODS } from './schema';
import { clusterColor } from '../framework/palette';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

export function loraPlots(history: Progress[], config: LoraConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const fullAcc = num(last.full_accuracy);
  const fullParams = num(last.full_params);
  if (fullAcc === undefined || fullParams === undefined) return [];
  const ranks = arr(last.ranks);
  const done = LORA_METHODS.map((m, i) => ({ ...m, i })).filter((m) => config.methods.includes(m.value) && arr(last[`${m.value}_accuracy`]).length);
  const acc: Record<string, unknown>[] = done.map((m) => ({
    type: 'scatter', mode: 'lines+markers', name: m.label, x: arr(last[`${m.value}_params`]), y: arr(last[`${m.value}_accuracy`]),
    text: ranks.map((r) => `r = ${r}`), marker: { color: clusterColor(m.i), size: 8 }, line: { color: clusterColor(m.i) },
  }));
  acc.push({ type: 'scatter', mode: 'markers', name: 'full fine-tuning', x: [fullParams], y: [fullAcc], marker: { color: clusterColor(7), size: 11, symbol: 'diamond' } });
  const plots: PlotSpec[] = [{
    id: 'accuracy-vs-params',
    title: 'Accuracy on digits 5–9 vs trainable parameters',
    data: acc,
    layout: { xaxis: { title: { text: 'trainable parameters' }, type: 'log' }, yaxis: { title: { text: 'test accuracy (5–9)' } } },
    caption: `Each line runs ranks ${ranks.join(', ')} (hover for r); the diamond is full fine-tuning. Every method also trains the 5–9 classifier (W₂, b₂). Zero-shot accuracy is ${(100 * (num(last.zero_shot_accuracy) ?? 0)).toFixed(1)}%.`,
  }];
  if (done.length) {
    plots.push({
      id: 'cos-full',
      title: 'Alignment with full fine-tuning: cos(ΔW, ΔW_full)',
      data: done.map((m) => ({
        type: 'scatter', mode: 'lines+markers', name: m.label, x: ranks, y: arr(last[`${m.value}_cos`]),
        marker: { color: clusterColor(m.i), size: 8 }, line: { color: clusterColor(m.i) },
      })),
      layout: { xaxis: { title: { text: 'rank r' }, type: 'log', tickvals: ranks }, yaxis: { title: { text: 'cosine' }, range: [-0.1, 1] } },
      caption: 'Cosine between each method’s change of W₁ and full fine-tuning’s after the same batches.',
    });
  }
  return plots;
}
