// Row L2-normalization ẑ = z/‖z‖ and its backward pass, composed from backend ops (InfoNCE and MaxSim tokens use it).
import type { Backend, Tensor } from '../engine/backend';

/**
 * @param z (B, d) @returns ẑ (B, d) with unit rows and the row norms (B, 1) that backward needs
 */
export function normalizeRows(be: Backend, z: Tensor): { unit: Tensor; norms: Tensor } {
  const norms = be.elementwise('clamp', be.reduce('norm', z, 'perRow'), null, 1e-12, 3e38);
  return { unit: be.elementwise('div', z, norms), norms };
}

/**
 * ∂L/∂z = (∂L/∂ẑ − ẑ·⟨ẑ, ∂L/∂ẑ⟩)/‖z‖ row by row: the gradient loses its radial part.
 * @param unit ẑ (B, d); norms (B, 1); dUnit (B, d) @returns (B, d)
 */
export function normalizeRowsBackward(be: Backend, unit: Tensor, norms: Tensor, dUnit: Tensor): Tensor {
  const radial = be.reduce('sum', be.elementwise('mul', unit, dUnit), 'perRow');
  return be.elementwise('div', be.elementwise('add', dUnit, be.elementwise('mul', unit, radial), 1, -1), norms);
}
