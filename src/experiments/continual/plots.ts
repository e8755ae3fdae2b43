// The continual page's plots: accuracy matrices (task × after task) for CoSO and fine-tuning, forgetting, subspace dimensions.
import type { PlotSpec, Progress } from '../framework/types';
import type { ContinualConfig } from './schema';

const mat = (v: unknown): number[][] => (Array.isArray(v) && Array.isArray(v[0]) ? (v as number[][]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function heatmap(id: string, title: string, acc: number[][], tasks: string[], done: number): PlotSpec {
  const shown = acc.map((row) => row.slice(0, done));
  return {
    id,
    title,
    data: [{
      type: 'heatmap', z: shown, x: tasks.slice(0, done).map((t) => `after ${t}`), y: tasks.map((t) => `task ${t}`), zmin: 0.4, zmax: 1, colorscale: 'Viridis',
      text: shown.map((r) => r.map((a) => `${(100 * a).toFixed(0)}%`)), texttemplate: '%{text}', hovertemplate: '%{y}, %{x}: %{z:.3f}<extra></extra>',
    }],
    layout: { yaxis: { autorange: 'reversed' } },
    caption: 'Row i, column j: test accuracy on task i (its own 2-way head) after training through task j. Above the diagonal the head is untrained (chance ≈ 50%).',
  };
}

export function continualPlots(history: Progress[], config: ContinualConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const tasks = Array.isArray(last.tasks) ? last.tasks.map(String) : [];
  const done = num(last.tasks_done) ?? 0;
  const coso = mat(last.acc_coso);
  const ft = mat(last.acc_finetune);
  if (!done || !coso.length) return [];
  const plots: PlotSpec[] = [
    heatmap('accuracy-coso', 'CoSO: accuracy on each task after each task', coso, tasks, done),
    heatmap('accuracy-finetune', 'Fine-tuning: accuracy on each task after each task', ft, tasks, done),
  ];
  const drop = (a: number[][]) => a.slice(0, done - 1).map((r, i) => r[i] - r[done - 1]);
  const mean = (x: number[]) => (x.length ? x.reduce((s, v) => s + v, 0) / x.length : 0);
  const learned = tasks.slice(0, Math.max(done - 1, 0));
  plots.push({
    id: 'forgetting',
    title: `Forgetting (average drop): CoSO ${(100 * mean(drop(coso))).toFixed(1)} pts, fine-tuning ${(100 * mean(drop(ft))).toFixed(1)} pts`,
    data: [
      { type: 'bar', x: learned.map((t) => `task ${t}`), y: drop(coso), name: 'CoSO', marker: { color: '#2f855a' } },
      { type: 'bar', x: learned.map((t) => `task ${t}`), y: drop(ft), name: 'fine-tuning', marker: { color: '#b42318' } },
    ],
    layout: { barmode: 'group', yaxis: { title: { text: 'accuracy drop' } } },
    caption: `Drop of each earlier task's accuracy from just after it was learned to after task ${tasks[done - 1] ?? ''}.`,
  });
  const dims = mat(last.history_dims);
  const added = mat(last.added_dims);
  if (dims.length) {
    const layers = dims[0].length;
    plots.push({
      id: 'subspace-dims',
      title: 'CoSO subspaces per task',
      data: [
        ...Array.from({ length: layers }, (_, l) => ({ type: 'bar', x: dims.map((_, t) => `task ${tasks[t]}`), y: dims.map((r) => r[l]), name: `history dim, layer ${l + 1} (of ${config.hidden})` })),
        ...Array.from({ length: layers }, (_, l) => ({ type: 'scatter', mode: 'lines+markers', x: added.map((_, t) => `task ${tasks[t]}`), y: added.map((r) => r[l]), name: `added at task end, layer ${l + 1}` })),
        { type: 'scatter', mode: 'lines', x: dims.map((_, t) => `task ${tasks[t]}`), y: dims.map(() => config.projRank), name: `current subspace r₁ = ${config.projRank}`, line: { dash: 'dot', color: '#555' } },
      ],
      layout: { barmode: 'group', yaxis: { title: { text: 'dimensions (of the layer’s output space)' } } },
      caption: 'Bars: size of the historical subspace each task must stay orthogonal to. Lines: directions its frequent-directions sketch adds at task end (energy threshold).',
    });
  }
  return plots;
}
