// Reading results that are not needed on the device afterwards: read, then free.
import type { Backend, Tensor } from './backend';

/** Reads a tensor's numbers and disposes it (also when the read fails). */
export async function readAndDispose(be: Backend, t: Tensor): Promise<Float64Array> {
  try {
    return await be.read(t);
  } finally {
    be.dispose(t);
  }
}

/** Reads a 1×1 tensor as a number and disposes it. */
export async function readScalar(be: Backend, t: Tensor): Promise<number> {
  return (await readAndDispose(be, t))[0];
}
