// The model-merging page's plots: per-task accuracy of every model, mask density per layer, angles between task vectors.
import type { PlotSpec, Progress } from '../framework/types';
import type { ModelMergingConfig } from './schema';
import { clusterColor } from '../framework/palette';

const arr = <T = number>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const pct = (v: number | undefined) => (v === undefined ? '…' : `${(100 * v).toFixed(1)}%`);

/** Pair labels "a–b" in the order taskVectorAngles returns them. */
function pairNames(tasks: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tasks.length; i++) for (let j = i + 1; j < tasks.length; j++) out.push(`${tasks[i]}–${tasks[j]}`);
  return out;
}

export function modelMergingPlots(history: Progress[], config: ModelMergingConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const names = arr<string>(last.model_names);
  const acc = arr<number[]>(last.task_accuracy);
  const tasks = arr<string>(last.tasks);
  if (!names.length) return [];
  const plots: PlotSpec[] = [{
    id: 'accuracy',
    title: `Mean accuracy: task arithmetic ${pct(num(last.acc_task_arithmetic))}, TIES ${pct(num(last.acc_ties))}, Concrete ${pct(num(last.acc_concrete))}`,
    data: names.map((name, i) => ({ type: 'bar', name, x: tasks, y: acc[i], marker: { color: clusterColor(i) } })),
    // the bars differ by a few points: start the axis a little below the lowest one
    layout: { barmode: 'group', yaxis: { title: { text: 'test accuracy' }, range: [Math.max(0, Math.floor(10 * Math.min(...acc.flat()) - 0.5) / 10), 1] } },
    caption: `Each bar is one model on one task's test digits (all ten digits, transformed): θ₀ pretrained on the mixture of every task, one fine-tune of its hidden layers per task, and the merges (λ = ${config.lambda} for task arithmetic and while the mask learns; TIES keeps ${Math.round(100 * config.tiesTopK)}% of each task vector, λ = ${config.tiesLambda}).`,
  }];
  const density = arr<number[]>(last.mask_density);
  const layers = arr<string>(last.layer_names);
  const steps = arr(last.mask_steps);
  if (density.length) {
    plots.push({
      id: 'mask-density',
      title: `Mask density per layer (binarized, ℓ > 0)${num(last.mask_kept) === undefined ? '' : `: ${pct(num(last.mask_kept))} of all parameters kept`}`,
      data: layers.map((name, j) => ({ type: 'scatter', mode: 'lines+markers', name, x: steps, y: density.map((d) => d[j]), marker: { color: clusterColor(j) }, line: { color: clusterColor(j) } })),
      layout: { xaxis: { title: { text: 'mask step' } }, yaxis: { title: { text: 'fraction kept' }, range: [0, 1.02] } },
      caption: `Fraction of each weight tensor's parameters whose logit ℓ is positive (σ(ℓ) > ½) while the shared mask learns by entropy on unlabeled inputs; every logit starts at ${config.initialLogit}.`,
    });
  }
  const before = arr(last.angles_before);
  const after = arr(last.angles_after);
  if (before.length) {
    const pairs = pairNames(tasks);
    const data: Record<string, unknown>[] = [{ type: 'bar', name: 'τᵢ, τⱼ', x: pairs, y: before, marker: { color: clusterColor(0) } }];
    if (after.length) data.push({ type: 'bar', name: 'm ⊙ τᵢ, m ⊙ τⱼ (learned mask)', x: pairs, y: after, marker: { color: clusterColor(1) } });
    plots.push({
      id: 'angles',
      title: 'Angle between task vectors, before and after masking',
      data,
      layout: { barmode: 'group', yaxis: { title: { text: 'angle (degrees)' } } },
      caption: 'arccos of the cosine between two tasks’ vectors (90° = orthogonal, no interference in direction); after masking, both live on the mask’s shared coordinates.',
    });
  }
  const curves = [
    { name: 'Concrete mask (λ fixed)', steps: arr(last.mask_steps), loss: arr(last.mask_loss) },
    { name: 'AdaMerging λ (no mask)', steps: arr(last.ada_steps), loss: arr(last.ada_loss) },
    { name: 'AdaMerging λ (Concrete mask)', steps: arr(last.concrete_ada_steps), loss: arr(last.concrete_ada_loss) },
  ].filter((c) => c.loss.length);
  if (curves.length) {
    plots.push({
      id: 'entropy',
      title: 'The unsupervised objective while each merge learns',
      data: curves.map((c, i) => ({ type: 'scatter', mode: 'lines+markers', name: c.name, x: c.steps, y: c.loss, marker: { color: clusterColor(6 + i) }, line: { color: clusterColor(6 + i) } })),
      layout: { xaxis: { title: { text: 'step of that stage' } }, yaxis: { title: { text: 'Σ tasks mean entropy' } } },
      caption: `Each point: the mean over 10 steps of Σ over tasks of the merged model's mean prediction entropy on ${config.unlabeledBatch} unlabeled inputs per task (fresh inputs and, for the mask, fresh noise each step). Lower entropy is what the methods ask for; whether accuracy follows is the question the bars answer.`,
    });
  }
  return plots;
}
