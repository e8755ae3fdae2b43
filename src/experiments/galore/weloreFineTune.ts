// The galore page's WeLore section: per-layer spectra of the Adam- and GaLore-trained weights, the LRC/N-LRC split, and
// fine-tuning on shifted digits through the LRC factors vs LoRA (same layers, same ranks, same parameter count) vs full.
import type { Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import type { Mlp } from '../../learn/mlp';
import { svd, type SvdResult } from '../../linalg/svd';
import { loraAdapter } from '../../learn/adapters/lowRankAdapters';
import { frozenAdapter, fullAdapter, type WeightAdapter } from '../../learn/adapters/weightAdapter';
import type { Metrics, RunContext } from '../framework/types';
import { datasetAccuracy } from '../common/datasetAccuracy';
import { fineTune } from '../common/fineTune';
import { digitsTask } from '../common/digitsTasks';
import { lowRankComponentAdapter, weloreSplit } from './weloreSplit';
import type { GaloreConfig } from './schema';

/** Jacobi SVDs of every weight matrix of `weights` ([W1, b1, …]); the caller disposes U and V. */
async function layerSvds(ctx: RunContext, weights: Tensor[]): Promise<SvdResult[]> {
  const out: SvdResult[] = [];
  for (let i = 0; i < weights.length; i += 2) out.push(await svd(ctx.backend, weights[i], { method: 'jacobi' }));
  return out;
}

/**
 * Runs the WeLore section on the race's final weights (not consumed).
 * @param adam the Adam racer's weights, or null when Adam did not race; galore the GaLore racer's weights
 * @returns metrics: spectra and WeLore ranks per layer for each, the split, and welore/lora/full/zero-shot accuracy and params
 */
export async function weloreSection(ctx: RunContext, config: GaloreConfig, mlp: Mlp, adam: Tensor[] | null, galore: Tensor[]): Promise<Metrics> {
  const be = ctx.backend;
  const svds: SvdResult[] = [];
  const shapes = mlp.weightShapes.filter((s) => s.role === 'matrix');
  const task = await digitsTask(ctx, config.trainPerClass || 200, config.seed, () => true, true);
  try {
    const out: Metrics = {};
    if (adam) {
      const adamSvds = await layerSvds(ctx, adam);
      svds.push(...adamSvds);
      out.spectra_adam = adamSvds.map((s) => Array.from(s.S));
      out.welore_ranks_adam = weloreSplit(adamSvds.map((s) => s.S), shapes, config.weloreThreshold).map((s) => s.rank);
    }
    const galoreSvds = await layerSvds(ctx, galore);
    svds.push(...galoreSvds);
    const split = weloreSplit(galoreSvds.map((s) => s.S), shapes, config.weloreThreshold);
    Object.assign(out, {
      spectra_galore: galoreSvds.map((s) => Array.from(s.S)),
      welore_ranks_galore: split.map((s) => s.rank),
      full_ranks: split.map((s) => s.fullRank),
      lrc_layers: split.map((s) => (s.lowRank ? 1 : 0)),
      zero_shot_acc: await datasetAccuracy(be, mlp, galore, task.test),
    });

    const o = { steps: config.weloreSteps, lr: config.weloreLr, seed: config.seed + 5, signal: ctx.signal };
    const run = (adapters: WeightAdapter[]) => fineTune(be, mlp, adapters, task, 0, o);
    const full = await run(galore.map((w) => fullAdapter(be, w)));
    Object.assign(out, { full_acc: full.accuracy, full_params: full.trainable });
    if (!split.some((s) => s.lowRank)) {
      // no layer compresses at this threshold: WeLore and LoRA-on-the-LRCs train nothing, so both are the pretrained net
      return Object.assign(out, { welore_acc: out.zero_shot_acc, welore_params: 0, lora_acc: out.zero_shot_acc, lora_params: 0 });
    }
    // WeLore: LRCs through their factors; N-LRCs and biases frozen
    const welore = await run(galore.map((w, i) => {
      const s = split[i >> 1];
      return i % 2 === 0 && s.lowRank ? lowRankComponentAdapter(be, galoreSvds[i >> 1].U, galoreSvds[i >> 1].S, galoreSvds[i >> 1].V, s.rank) : frozenAdapter(be, w);
    }));
    // LoRA at equal trainable parameters: rank k_l on the same layers (k_l(m+n) scalars each), the rest frozen
    const rng = new Rng(config.seed + 6);
    const lora = await run(galore.map((w, i) => {
      const s = split[i >> 1];
      return i % 2 === 0 && s.lowRank ? loraAdapter(be, w, s.rank, rng) : frozenAdapter(be, w);
    }));
    return Object.assign(out, { welore_acc: welore.accuracy, welore_params: welore.trainable, lora_acc: lora.accuracy, lora_params: lora.trainable });
  } finally {
    for (const s of svds) {
      be.dispose(s.U);
      be.dispose(s.V);
    }
    task.dispose();
  }
}
