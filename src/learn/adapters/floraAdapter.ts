// FLoRA on one conv kernel: ΔK = s·G ×₀ U₀ ×₁ U₁ ×₂ U₂ ×₃ U₃, a Tucker core space that keeps the kernel's 4-D structure.
import type { Backend, Tensor } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import { tuckerBackward, tuckerProduct } from './tucker';
import { ownedCopy, type WeightAdapter } from './weightAdapter';

/** A conv kernel's dims in the order its matrix flattens them: (c_out, kh, kw, c_in), K as (c_out, kh·kw·c_in). */
export type KernelDims = readonly [number, number, number, number];

/** FLoRA's ranks for a kernel and one rank r: r for the channel modes, min(r, k) for the spatial ones, each capped by its size. */
export function floraRanks(dims: KernelDims, r: number): number[] {
  return dims.map((d, i) => Math.min(d, i === 1 || i === 2 ? Math.min(r, d) : r));
}

/**
 * FLoRA (SJTU-DeepVisionLab/FLoRA): K = K₀ + s·G ×ₙ Uₙ with the core G = 0 and every factor Uₙ (dₙ × rₙ) drawn from
 * kaiming_normal(a = √3), i.e. N(0, 1/(2rₙ)), so fine-tuning starts at K₀. θ = [G, U₀, U₁, U₂, U₃], all trainable.
 * @param K0 (c_out, kh·kw·c_in), flattened from `dims`
 */
export function floraAdapter(be: Backend, K0: Tensor, dims: KernelDims, ranks: readonly number[], rng: Rng, scale = 1): WeightAdapter {
  if (K0.rows !== dims[0] || K0.cols !== dims[1] * dims[2] * dims[3]) throw new RangeError(`FLoRA: a ${K0.rows}×${K0.cols} kernel is not ${dims.join('×')}`);
  if (ranks.length !== 4 || ranks.some((r, i) => !(Number.isInteger(r) && r >= 1 && r <= dims[i]))) throw new RangeError(`FLoRA: ranks ${ranks.join(',')} do not fit ${dims.join('×')}`);
  const k0 = ownedCopy(be, K0);
  const core = ranks.reduce((a, r) => a * r, 1);
  const G = be.keep(be.fill({ rows: 1, cols: core }, 0));
  const factors = dims.map((d, i) => be.keep(be.upload(rng.normals(d * ranks[i], Math.sqrt(1 / (2 * ranks[i]))), { rows: d, cols: ranks[i] })));
  const scaled = (t: Tensor) => (scale === 1 ? t : be.elementwise('scale', t, null, scale));
  return {
    kind: 'flora',
    params: [G, ...factors],
    weight: () => be.elementwise('add', k0, scaled(tuckerProduct(be, G, factors).T)),
    backward: (dK) => {
      const { dG, dFactors } = tuckerBackward(be, G, factors, scaled(dK));
      return [dG, ...dFactors];
    },
    dispose: () => [k0, G, ...factors].forEach((t) => be.dispose(t)),
  };
}
