// The lora page's plots: test accuracy vs trainable parameters (MLP and CNN), and cos(ΔW, ΔW_full) vs rank.
import type { PlotSpec, Progress } from '../framework/types';
import type { LoraConfig } from './schema';
import { CONV_METHODS, LORA_METHODS, MLP_METHODS } from './schema';
import { clusterColor } from '../framework/palette';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
type Method = { value: string; label: string };

/** One line per finished method (accuracy vs its trainable parameters), plus full fine-tuning as a diamond. */
function accuracyTraces(last: Progress['metrics'], methods: readonly Method[], ranks: number[], full: [number, number], head: [number | undefined, number | undefined]): Record<string, unknown>[] {
  const traces: Record<string, unknown>[] = methods.map((m) => {
    const color = clusterColor(LORA_METHODS.findIndex((x) => x.value === m.value));
    return {
      type: 'scatter', mode: 'lines+markers', name: m.label, x: arr(last[`${m.value}_params`]), y: arr(last[`${m.value}_accuracy`]),
      text: ranks.map((r) => `r = ${r}`), marker: { color, size: 8 }, line: { color },
    };
  });
  traces.push({ type: 'scatter', mode: 'markers', name: 'full fine-tuning', x: [full[1]], y: [full[0]], marker: { color: clusterColor(7), size: 11, symbol: 'diamond' } });
  if (head[0] !== undefined && head[1] !== undefined) {
    traces.push({ type: 'scatter', mode: 'markers', name: 'classifier only (weight frozen)', x: [head[1]], y: [head[0]], marker: { color: clusterColor(6), size: 11, symbol: 'x' } });
  }
  return traces;
}

export function loraPlots(history: Progress[], config: LoraConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const fullAcc = num(last.full_accuracy);
  const fullParams = num(last.full_params);
  if (fullAcc === undefined || fullParams === undefined) return [];
  const ranks = arr(last.ranks);
  const finished = (list: readonly Method[]) => list.filter((m) => config.methods.includes(m.value) && arr(last[`${m.value}_accuracy`]).length);
  const mlpDone = finished(MLP_METHODS);
  const convDone = finished(CONV_METHODS);
  const plots: PlotSpec[] = [{
    id: 'accuracy-vs-params',
    title: 'MLP: accuracy on digits 5–9 vs trainable parameters',
    data: accuracyTraces(last, mlpDone, ranks, [fullAcc, fullParams], [num(last.head_only_accuracy), num(last.head_only_params)]),
    layout: { xaxis: { title: { text: 'trainable parameters' }, type: 'log' }, yaxis: { title: { text: 'test accuracy (5–9)' } } },
    caption: `W₁ of the MLP is adapted; each line runs ranks ${ranks.join(', ')} (hover for r); the diamond is full fine-tuning, the cross the classifier alone. Every method also trains the 5–9 classifier (W₂, b₂). Zero-shot accuracy is ${(100 * (num(last.zero_shot_accuracy) ?? 0)).toFixed(1)}%.`,
  }];
  const done = [...mlpDone, ...convDone];
  if (done.length) {
    const convRanks = arr(last.conv_ranks);
    plots.push({
      id: 'cos-full',
      title: 'Alignment with full fine-tuning: cos(ΔW, ΔW_full)',
      data: done.map((m) => {
        const color = clusterColor(LORA_METHODS.findIndex((x) => x.value === m.value));
        const isConv = CONV_METHODS.some((c) => c.value === m.value);
        return {
          type: 'scatter', mode: 'lines+markers', name: m.label, x: isConv ? convRanks : ranks, y: arr(last[`${m.value}_cos`]),
          marker: { color, size: 8, symbol: isConv ? 'square' : 'circle' }, line: { color, dash: isConv ? 'dot' : 'solid' },
        };
      }),
      layout: { xaxis: { title: { text: 'rank r' }, type: 'log', tickvals: ranks }, yaxis: { title: { text: 'cosine' }, range: [-0.1, 1] } },
      caption: 'Cosine between each method’s change of the adapted weight (W₁ of the MLP; dotted: the CNN’s kernel K₂ on shifted digits) and full fine-tuning’s after the same batches.',
    });
  }
  const convFull = [num(last.conv_full_accuracy), num(last.conv_full_params)];
  if (convDone.length && convFull[0] !== undefined && convFull[1] !== undefined) {
    plots.push({
      id: 'conv-accuracy-vs-params',
      title: 'CNN on shifted digits: FLoRA vs LoRA on one conv kernel',
      data: accuracyTraces(last, convDone, arr(last.conv_ranks), convFull as [number, number], [undefined, undefined]),
      layout: { xaxis: { title: { text: 'trainable parameters' }, type: 'log' }, yaxis: { title: { text: 'test accuracy (5–9)' } } },
      caption: `A CNN pretrained on upright digits 0–9 meets the same digits moved one pixel right and down; only its second kernel K₂ (c×3×3×c, c = ${config.convChannels}) trains, the classifier stays fixed. FLoRA keeps K₂'s 4-D structure with a Tucker core, LoRA flattens it to c×9c. Before adapting: ${(100 * (num(last.conv_zero_shot_accuracy) ?? 0)).toFixed(1)}% on shifted digits (${(100 * (num(last.conv_source_accuracy) ?? 0)).toFixed(1)}% upright).`,
    });
  }
  return plots;
}
