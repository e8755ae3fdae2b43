// Self-test cases for the clustering kernels (shaders/cluster/): distances, top-k, symmetrize, the ADMM step, assignment.
import { squaredDistances, symmetrizeAffinity, topKPerLine } from '../../cluster/affinityKernels';
import { centroidUpdate, maskRowsByLabel, nearestCentroid, oneHot } from '../../cluster/assignKernels';
import { admmStep } from '../../cluster/selfExpressionKernels';
import { convergenceState, countChanged, holdWhenDone, recordConvergence } from '../../cluster/convergenceKernels';
import { randomTensor, type KernelCase } from './types';

/** Clustering kernels on primes, a batch, and a 1-wide line; discrete outputs (picks, labels) must match exactly. */
export function clusterCases(): KernelCase[] {
  return [
    {
      kernel: 'pairwise squared distances',
      files: ['cluster/pairwise_distances.wgsl'],
      shape: '3×17×7 vs 1×9×7',
      tolerance: 1e-5,
      run: async (be, rng) => {
        const x = randomTensor(be, rng, { batch: 3, rows: 17, cols: 7 });
        const y = randomTensor(be, rng, { rows: 9, cols: 7 });
        const d = squaredDistances(be, x, y);
        [x, y].forEach((t) => be.dispose(t));
        return [d];
      },
    },
    {
      kernel: 'top-k per row and per column',
      files: ['cluster/top_k_select.wgsl'],
      shape: '33×47 k=5; 47×1 k=1',
      tolerance: 0,
      run: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 33, cols: 47 });
        const b = randomTensor(be, rng, { rows: 47, cols: 1 });
        const out = [topKPerLine(be, a, 5, 'nearest', 'rows'), topKPerLine(be, a, 3, 'largestMagnitude', 'columns'), topKPerLine(be, b, 1, 'largestMagnitude', 'columns')];
        [a, b].forEach((t) => be.dispose(t));
        return out;
      },
    },
    {
      kernel: 'symmetrize affinity',
      files: ['cluster/symmetrize.wgsl'],
      shape: '3×17×17',
      tolerance: 1e-6,
      run: async (be, rng) => {
        const a = randomTensor(be, rng, { batch: 3, rows: 17, cols: 17 });
        const s = symmetrizeAffinity(be, a, { absolute: true, scale: 0.5, zeroDiagonal: true });
        be.dispose(a);
        return [s];
      },
    },
    {
      kernel: 'self-expression ADMM step',
      files: ['cluster/self_expression.wgsl'],
      shape: '23×23 (Woodbury)',
      tolerance: 1e-5,
      run: async (be, rng) => {
        const shape = { rows: 23, cols: 23 };
        const [a, b, g, dual] = [0, 1, 2, 3].map(() => randomTensor(be, rng, shape, 0.3));
        const { coef, rhs, gap } = admmStep(be, a, b, g, dual, { rho: 4, weight: 25, l1: 0.9, l2: 0.1 });
        [a, b, g].forEach((t) => be.dispose(t));
        // the step updates the dual in place: compare it too
        return [coef, rhs, gap, dual];
      },
    },
    {
      kernel: 'Lloyd convergence on the device',
      files: ['cluster/lloyd_convergence.wgsl'],
      shape: '3 restarts, 2 slots, 3 iterations; 131 labels',
      tolerance: 0,
      run: async (be) => {
        // shifts on both sides of the threshold (iteration 1 converges, on a tie), so recording, holding and stopping all show
        const state = convergenceState(be, 3, 2);
        const next = be.upload([1, 2, 3, 4, 5, 6], { batch: 3, rows: 1, cols: 2 });
        const previous = be.upload([7, 8, 9, 10, 11, 12], { batch: 3, rows: 1, cols: 2 });
        const shifts = [[0.5, 0.125, 0.25], [0.125, 0.375, 0.25], [0, 0, 0]]; // exact in f32, as every value here
        shifts.forEach((shift, it) => be.tidy(() => {
          holdWhenDone(be, state, previous, next);
          const value = be.upload(shift.map((_, r) => 100 * it + r), { batch: 3, rows: 1, cols: 1 });
          recordConvergence(be, state, be.upload(shift, { batch: 3, rows: 1, cols: 1 }), value, it, 0.375);
        }));
        const labels = be.upload(Float64Array.from({ length: 131 }, (_, i) => (i * 7) % 5), { rows: 1, cols: 131 });
        const last = be.upload(Float64Array.from({ length: 131 }, (_, i) => (i * 3) % 5), { rows: 1, cols: 131 });
        const changed = countChanged(be, labels, last);
        be.dispose(labels);
        be.dispose(previous);
        return [state, next, changed, last];
      },
    },
    {
      kernel: 'cluster assignment and centroid update',
      files: ['cluster/cluster_assign.wgsl'],
      shape: '2 restarts, 71 points, 5 centroids in R^13',
      tolerance: 1e-5,
      run: async (be, rng) => {
        const [n, k, d] = [71, 5, 13];
        // centroids far apart and points near them, so no label sits on a near-tie that f32 could flip
        const centers = randomTensor(be, rng, { batch: 2, rows: k, cols: d }, 10);
        const single = randomTensor(be, rng, { rows: k, cols: d }, 10);
        const x = randomTensor(be, rng, { rows: n, cols: d });
        const { labels, best } = nearestCentroid(be, x, centers);
        const member = oneHot(be, labels, k);
        const updated = be.tidy(() => centroidUpdate(be, be.matmul(member, x, { transA: true }), be.reduce('sum', member, 'perCol'), centers));
        const masked = be.tidy(() => maskRowsByLabel(be, x, nearestCentroid(be, x, single).labels, k));
        [centers, single, x].forEach((t) => be.dispose(t));
        return [labels, best, member, updated, masked];
      },
    },
  ];
}
