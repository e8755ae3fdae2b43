// The galore page's WeLore plots: normalized per-layer spectra (GaLore vs Adam), the LRC/N-LRC split, accuracy vs trainable parameters.
import type { PlotSpec } from '../framework/types';
import type { GaloreConfig } from './schema';
import { normalizedSpectrum } from '../common/lowRank';

const LAYER_COLORS = ['#c05621', '#2f855a', '#6b46c1', '#1f3a5f'];
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

/** The section's three plots from the final metrics, or none when the section did not run. */
export function welorePlots(last: Record<string, unknown>, config: GaloreConfig): PlotSpec[] {
  const galore = (Array.isArray(last.spectra_galore) ? last.spectra_galore : []) as number[][];
  if (!galore.length || typeof last.full_acc !== 'number') return [];
  const adam = (Array.isArray(last.spectra_adam) ? last.spectra_adam : []) as number[][];
  const sizes = String(last.sizes ?? '').split('-').map(Number);
  const name = (l: number) => `W${l + 1} ${sizes[l + 1]}×${sizes[l]}`;
  const spectrumLine = (sigma: number[], l: number, optimizer: 'GaLore' | 'Adam') => ({
    type: 'scatter', mode: 'lines', x: sigma.map((_, i) => (i + 1) / sigma.length), y: normalizedSpectrum(sigma),
    name: `${name(l)} ${optimizer}`, line: { color: LAYER_COLORS[l % LAYER_COLORS.length], dash: optimizer === 'Adam' ? 'dot' : 'solid' },
  });
  const ranks = arr(last.welore_ranks_galore);
  const full = arr(last.full_ranks);
  const lrc = arr(last.lrc_layers);
  const layers = ranks.map((_, l) => `${name(l)} ${lrc[l] ? 'LRC' : 'N-LRC'}`);
  const methods = [
    { label: 'unadapted', params: 0, acc: last.zero_shot_acc, color: '#718096' },
    { label: 'WeLore (LRC factors)', params: last.welore_params, acc: last.welore_acc, color: '#c05621' },
    { label: 'LoRA (same layers, ranks)', params: last.lora_params, acc: last.lora_acc, color: '#2f855a' },
    { label: 'full fine-tuning', params: last.full_params, acc: last.full_acc, color: '#1f3a5f' },
  ];
  return [
    {
      id: 'welore-spectra',
      title: 'WeLore: normalized singular spectra per layer (GaLore solid, Adam dotted)',
      data: [
        ...galore.map((s, l) => spectrumLine(s, l, 'GaLore')),
        ...adam.map((s, l) => spectrumLine(s, l, 'Adam')),
        { type: 'scatter', mode: 'lines', x: [0, 1], y: [config.weloreThreshold, config.weloreThreshold], name: `threshold ${config.weloreThreshold}`, line: { color: '#000', dash: 'dash', width: 1 } },
      ],
      layout: { xaxis: { title: { text: 'i / min(m, n)' } }, yaxis: { title: { text: '(σᵢ − min)/(max − min)' }, range: [0, 1.02] } },
      caption: 'Each weight matrix of the race’s final nets. WeLore keeps the singular values above the dashed line; a layer whose curve falls fast keeps few.',
    },
    {
      id: 'welore-split',
      title: 'WeLore split of the GaLore-trained net: kept rank k of min(m, n)',
      data: [
        { type: 'bar', x: layers, y: ranks, name: 'kept (σ̂ ≥ threshold)', marker: { color: lrc.map((v) => (v ? '#c05621' : '#718096')) } },
        { type: 'bar', x: layers, y: ranks.map((k, l) => full[l] - k), name: 'dropped', marker: { color: '#e2e8f0' } },
      ],
      layout: { barmode: 'stack', yaxis: { title: { text: 'singular values' } } },
      caption: 'LRC (orange): the rank-k factors hold fewer numbers than W (k(m+n) < mn), so the layer is stored and fine-tuned as factors. N-LRC (grey): frozen whole.',
    },
    {
      id: 'welore-finetune',
      title: 'Fine-tuning on one-pixel-shifted digits: test accuracy vs trainable parameters',
      data: methods.map((m) => ({ type: 'scatter', mode: 'markers', x: [m.params], y: [m.acc], name: m.label, marker: { color: m.color, size: 11 } })),
      layout: { xaxis: { title: { text: 'trainable parameters' } }, yaxis: { title: { text: 'test accuracy' }, range: [0, 1.02] } },
      caption: `${config.weloreSteps} Adam steps (lr ${config.weloreLr}) from the GaLore-trained net, same batches for every method. WeLore trains only the LRC factors; LoRA puts rank-k adapters on the same layers, so it trains exactly as many numbers.`,
    },
  ];
}
