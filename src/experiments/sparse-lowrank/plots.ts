// The sparse-lowrank page's plots: loss and accuracy curves, learned spectra, SLTrain/LOST parts, the budget.
import type { PlotSpec, Progress } from '../framework/types';
import type { SparseLowRankConfig } from './schema';
import { VARIANTS, type VariantId } from './variantIds';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

const STYLE: Record<VariantId, { name: string; color: string }> = {
  dense: { name: 'dense', color: '#1f3a5f' },
  lowrank: { name: 'low-rank', color: '#7a7a7a' },
  sltrain: { name: 'SLTrain', color: '#c05621' },
  lost: { name: 'LOST', color: '#2f855a' },
};

function label(v: VariantId, m: Record<string, unknown>): string {
  return v === 'dense' ? 'dense (full rank)' : `${STYLE[v].name} (r = ${num(m[`rank_${v}`]) ?? '?'})`;
}

const floor = (s: number[]) => s.map((v) => Math.max(v, 1e-12));

function partsPlot(v: 'sltrain' | 'lost', m: Record<string, unknown>, layer: number): PlotSpec | null {
  const l = `l${layer}`;
  const w = arr(m[`sigma_${v}_${l}`]);
  if (!w.length) return null;
  const idx = w.map((_, i) => i + 1);
  const r = num(m[`rank_${v}`]) ?? 0;
  const sparseName = v === 'sltrain' ? 'S (random fixed support)' : 'S (residual on a few input channels)';
  return {
    id: `${v}-parts`,
    title: `${STYLE[v].name}, hidden layer ${layer}: spectra of B·A, S and W = B·A + S`,
    data: [
      { type: 'scatter', mode: 'lines+markers', x: idx, y: floor(arr(m[`sigma_${v}_ba_${l}`])), name: `(α/r)·B·A (rank ≤ ${r})`, marker: { size: 4 } },
      { type: 'scatter', mode: 'lines+markers', x: idx, y: floor(arr(m[`sigma_${v}_s_${l}`])), name: sparseName, marker: { size: 4 } },
      { type: 'scatter', mode: 'lines', x: idx, y: floor(w), name: 'W', line: { color: '#111', width: 3 } },
    ],
    layout: {
      xaxis: { title: { text: 'index i' } }, yaxis: { title: { text: 'σᵢ' }, type: 'log', exponentformat: 'power' },
      shapes: [{ type: 'line', x0: r + 0.5, x1: r + 0.5, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#b42318' } }],
    },
    caption: `The head of W's spectrum comes from B·A; past index r = ${r} (dotted) only S keeps W from being rank ${r}: numerical rank ${num(m[`numrank_${v}_${l}`]) ?? '?'}, effective rank ${(num(m[`erank_${v}_${l}`]) ?? 0).toFixed(1)}.`,
  };
}

export function sparseLowRankPlots(history: Progress[], config: SparseLowRankConfig): PlotSpec[] {
  const m = history[history.length - 1]?.metrics ?? {};
  const plots: PlotSpec[] = [];
  const steps = arr(m.curve_steps);
  const trained = VARIANTS.filter((v) => arr(m[`loss_${v}`]).length);
  if (trained.length) {
    const curve = (key: string) => trained.map((v) => ({
      type: 'scatter', mode: 'lines', x: steps.slice(0, arr(m[`${key}_${v}`]).length), y: arr(m[`${key}_${v}`]), name: label(v, m), line: { color: STYLE[v].color },
    }));
    plots.push({
      id: 'loss-curves',
      title: 'Training loss at equal parameter budgets',
      data: curve('loss'),
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'mean mini-batch cross-entropy' }, type: 'log' } },
      caption: `Same data, same batches, Adam (lr ${config.lr}); the factored variants share a budget of ${num(m.budget) ?? '…'} hidden-matrix parameters (${(100 * (num(m.budget_fraction) ?? 0)).toFixed(0)}% of dense).`,
    });
    plots.push({
      id: 'test-accuracy',
      title: 'Test accuracy',
      data: curve('test_accuracy'),
      layout: { xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'test accuracy' }, range: [0, 1.02] } },
      caption: `Read back every ${config.reportEvery} steps.`,
    });
  }
  const layer = Math.min(config.layer, num(m.hidden_matrices) ?? 1);
  const spectra = VARIANTS.filter((v) => arr(m[`sigma_${v}_l${layer}`]).length);
  if (spectra.length) {
    const r = num(m.rank_sltrain) ?? config.rank;
    plots.push({
      id: 'spectrum',
      title: `Singular values of the learned W (hidden layer ${layer})`,
      data: spectra.map((v) => {
        const s = arr(m[`sigma_${v}_l${layer}`]);
        return { type: 'scatter', mode: 'lines+markers', x: s.map((_, i) => i + 1), y: floor(s), name: `${label(v, m)}: rank ${num(m[`numrank_${v}_l${layer}`]) ?? '?'}`, line: { color: STYLE[v].color }, marker: { size: 4 } };
      }),
      layout: {
        xaxis: { title: { text: 'index i' } }, yaxis: { title: { text: 'σᵢ' }, type: 'log', exponentformat: 'power' },
        shapes: [{ type: 'line', x0: r + 0.5, x1: r + 0.5, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#b42318' } }],
      },
      caption: 'Low-rank training cannot leave its rank (the spectrum falls off a cliff); the sparse part gives SLTrain and LOST a full tail. The legend gives each numerical rank.',
    });
  }
  for (const v of ['sltrain', 'lost'] as const) {
    const p = partsPlot(v, m, layer);
    if (p) plots.push(p);
  }
  const counted = VARIANTS.filter((v) => num(m[`params_${v}`]) !== undefined);
  if (counted.length) {
    const names = counted.map((v) => label(v, m));
    const params = counted.map((v) => num(m[`params_${v}`])!);
    const state = counted.map((v) => num(m[`optimizer_state_${v}`])!);
    plots.push({
      id: 'budget',
      title: 'Trainable parameters and Adam state',
      data: [
        { type: 'bar', x: names, y: params, name: 'trainable parameters', text: params.map(String), textposition: 'auto', marker: { color: '#1f3a5f' } },
        { type: 'bar', x: names, y: state, name: 'Adam state (m and v)', text: state.map(String), textposition: 'auto', marker: { color: '#c9c4b8' } },
      ],
      layout: { barmode: 'group', yaxis: { title: { text: 'numbers stored' } } },
      caption: `Counts include the dense 10-way head (${num(m.head_params) ?? '?'}) and biases (${num(m.bias_params) ?? '?'}). SLTrain: r(m+n) + ⌊δmn⌋ per hidden matrix; LOST: r(m+n) + m·⌈δ_c·n⌉; low-rank: r(m+n).`,
    });
  }
  return plots;
}
