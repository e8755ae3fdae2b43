// Test accuracy of a flat θ on every task in one readback, and the angles between task vectors (Gram matrix on the backend).
import type { Backend, Tensor } from '../../engine/backend';
import { readAndDispose } from '../../engine/readback';
import type { Mlp } from '../../learn/mlp';
import { copySegment } from '../../learn/gatherKernels';
import { rowWeights } from './fineTunes';
import type { MergeTask } from './tasks';

/**
 * Accuracy on each task's test set of the Mlp with parameters θ.
 * @param theta a function building θ (1, D) inside the tidy (e.g. a merge)
 * @returns one accuracy per task
 */
export async function taskAccuracies(be: Backend, mlp: Mlp, tasks: readonly MergeTask[], theta: () => Tensor): Promise<number[]> {
  const hits = await readAndDispose(be, be.tidy(() => {
    const weights = rowWeights(be, mlp, theta());
    const out = be.fill({ rows: 1, cols: tasks.length }, 0);
    tasks.forEach((t, i) => copySegment(be, be.reduce('sum', mlp.rowStats(be, weights, t.test.X, t.test.y), 'perCol'), 1, out, i, 1));
    return out;
  }));
  return tasks.map((t, i) => hits[i] / t.test.n);
}

/**
 * Pairwise angles in degrees between the rows of T (k, D), optionally each multiplied by a mask (1, D) first:
 * arccos(⟨τᵢ, τⱼ⟩ / ‖τᵢ‖‖τⱼ‖) from the k×k Gram matrix (one matmul, one readback).
 * @returns angles for the pairs (0,1), (0,2), …, (k−2,k−1)
 */
export async function taskVectorAngles(be: Backend, T: Tensor, mask?: Tensor): Promise<number[]> {
  const k = T.rows;
  const G = await readAndDispose(be, be.tidy(() => {
    const rows = mask ? be.elementwise('mul', T, mask) : T;
    return be.matmul(rows, rows, { transB: true });
  }));
  const angles: number[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const cos = G[i * k + j] / Math.sqrt(G[i * k + i] * G[j * k + j] || 1);
      angles.push((Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI);
    }
  }
  return angles;
}
