// The galore page's plots: loss per optimizer, captured gradient energy, optimizer-state and weight memory, SVD count.
import type { PlotSpec, Progress } from '../framework/types';
import type { GaloreConfig } from './schema';
import { OPTIMIZER_CHOICES } from './schema';
import { welorePlots } from './welorePlots';

const COLORS: Record<string, string> = { adam: '#1f3a5f', galore: '#c05621', dct: '#2f855a', fira: '#6b46c1', qgalore: '#b7791f' };
const LABELS: Record<string, string> = Object.fromEntries(OPTIMIZER_CHOICES.map((o) => [o.value, o.label]));
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

export function galorePlots(history: Progress[], config: GaloreConfig): PlotSpec[] {
  const last = history[history.length - 1]?.metrics ?? {};
  const steps = arr(last.steps);
  const names = (Array.isArray(last.optimizers) ? last.optimizers : []) as string[];
  if (!steps.length || !names.length) return [];
  const line = (name: string, y: number[]) => ({ type: 'scatter', mode: 'lines', x: steps, y, name: LABELS[name] ?? name, line: { color: COLORS[name] } });
  const projecting = names.filter((n) => n !== 'adam');
  const plots: PlotSpec[] = [{
    id: 'loss',
    title: 'Training loss (mean over each report window)',
    data: names.map((n) => line(n, arr(last[`loss_${n}`]))),
    layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'cross-entropy' }, type: 'log' } },
    caption: `Same start, same batches; rank ${config.rank}, refresh every ${config.gap} steps, α = ${config.scale}.`,
  }];
  if (projecting.length) {
    plots.push({
      id: 'energy',
      title: 'Captured gradient energy ‖PᵀG‖² / ‖G‖²',
      data: projecting.map((n) => line(n, arr(last[`energy_${n}`]))),
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'fraction of ‖G‖²' }, range: [0, 1.05] } },
      caption: 'Over the projected layers, measured on the gradient of each report step. It falls between refreshes as the gradient drifts out of the subspace.',
    });
  }
  const mem = names.map((n) => (typeof last[`memory_bytes_${n}`] === 'number' ? (last[`memory_bytes_${n}`] as number) / 1024 : 0));
  plots.push({
    id: 'memory',
    title: 'Optimizer-state memory',
    data: [{ type: 'bar', x: names.map((n) => LABELS[n] ?? n), y: mem, marker: { color: names.map((n) => COLORS[n]) }, text: mem.map((m) => `${m.toFixed(1)} KB`), textposition: 'auto', showlegend: false }],
    layout: { yaxis: { title: { text: 'KB (float32 moments + projections)' } } },
    caption: 'Adam: two moments per weight. GaLore: moments of the r-dim projected gradient plus P. DCT: r column indices (the basis is a formula). Q-GaLore: the buffers it keeps for P, int4 codes packed 8 per 32-bit word plus a float32 scale and zero point per group (P̃ is dequantized on the fly each step).',
  });
  const weightKb = names.map((n) => (typeof last[`weight_bytes_${n}`] === 'number' ? (last[`weight_bytes_${n}`] as number) / 1024 : 0));
  plots.push({
    id: 'weights',
    title: 'Weight memory (bytes kept)',
    data: [{ type: 'bar', x: names.map((n) => LABELS[n] ?? n), y: weightKb, marker: { color: names.map((n) => COLORS[n]) }, text: weightKb.map((m) => `${m.toFixed(1)} KB`), textposition: 'auto', showlegend: false }],
    layout: { yaxis: { title: { text: 'KB' } } },
    caption: config.qgaloreWeights === 'int8'
      ? `Float32 weights for all but Q-GaLore, which keeps each weight matrix as int8 codes (packed four to a 32-bit word) plus a float32 scale per ${config.weightGroups === 'row' ? 'row' : 'matrix'}; biases stay float32.`
      : 'Every optimizer keeps float32 weights (Q-GaLore’s int8 weights are switched off).',
  });
  plots.push({
    id: 'svds',
    title: 'SVDs computed so far',
    data: projecting.map((n) => line(n, arr(last[`svds_${n}`]))),
    layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'SVDs (all layers)' } } },
    caption: 'GaLore and Fira take one SVD per projected layer every T steps; DCT none; Q-GaLore backs off when successive subspaces agree.',
  });
  plots.push(...welorePlots(last, config));
  return plots;
}
