// A list of tensors as one flat parameter vector θ (row-major, in list order): flatten, unflatten, get and set.
import { sizeOf, type Backend, type Tensor } from '../engine/backend';
import { copySegment, uninitialized } from './gatherKernels';
import { parameterCount } from './model';

/**
 * θ = [vec(t₀); vec(t₁); …] as a new (D, 1) tensor.
 */
export function flatten(be: Backend, tensors: readonly Tensor[]): Tensor {
  const D = parameterCount(tensors);
  const flat = uninitialized(be, { rows: D, cols: 1 });
  let offset = 0;
  for (const t of tensors) {
    copySegment(be, t, 0, flat, offset, sizeOf(t));
    offset += sizeOf(t);
  }
  return flat;
}

/**
 * Splits θ (D entries) into new tensors of the given shapes, in order.
 */
export function unflatten(be: Backend, flat: Tensor, shapes: readonly { rows: number; cols: number }[]): Tensor[] {
  const D = parameterCount(shapes);
  if (sizeOf(flat) !== D) throw new RangeError(`unflatten: θ has ${sizeOf(flat)} entries, the shapes need ${D}`);
  let offset = 0;
  return shapes.map((s) => {
    const t = uninitialized(be, { rows: s.rows, cols: s.cols });
    copySegment(be, flat, offset, t, 0, s.rows * s.cols);
    offset += s.rows * s.cols;
    return t;
  });
}

/** Reads θ to the host: one readback for the whole list. */
export async function getFlat(be: Backend, tensors: readonly Tensor[]): Promise<Float64Array> {
  const flat = be.tidy(() => flatten(be, tensors));
  try {
    return await be.read(flat);
  } finally {
    be.dispose(flat);
  }
}

/** Overwrites the tensors in place from a host vector of D numbers (one upload). */
export function setFlat(be: Backend, tensors: readonly Tensor[], values: ArrayLike<number>): void {
  const D = parameterCount(tensors);
  if (values.length !== D) throw new RangeError(`setFlat: ${values.length} values for ${D} parameters`);
  be.tidy(() => {
    const flat = be.upload(values, { rows: D, cols: 1 });
    let offset = 0;
    for (const t of tensors) {
      copySegment(be, flat, offset, t, 0, sizeOf(t));
      offset += sizeOf(t);
    }
  });
}
