// Identities the training and clustering kernels must satisfy on one backend: gradients against central differences, adjoints, inverses.
import type { Backend, Tensor } from '../backend';
import { ACTIVATIONS, activationBackward } from '../../learn/activationKernels';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { adamUpdate, sgdUpdate } from '../../learn/optimizerKernels';
import { gatherRows } from '../../learn/gatherKernels';
import { createSupport, densifyAdd, disposeSupport, gatherSupport, randomSupportIndices } from '../../learn/sparseKernels';
import { createFastfood, fastfoodProject, fastfoodProjectTranspose } from '../../learn/fastfoodKernels';
import { dequantizeInt8OnBackend, disposeInt8, int8ScalesOnBackend, quantizeInt8SrOnBackend } from '../../learn/galore/int8Kernels';
import { dequantizeInt4OnBackend, disposeInt4, quantizeInt4OnBackend } from '../../learn/galore/int4Kernels';
import { squaredDistances, symmetrizeAffinity, topKPerLine } from '../../cluster/affinityKernels';
import { nearestCentroid } from '../../cluster/assignKernels';
import { admmStep } from '../../cluster/selfExpressionKernels';
import { countChanged } from '../../cluster/convergenceKernels';
import { kmeans } from '../../cluster/kmeans';
import { eye } from './linalgCases';
import { normals32, randomTensor, relativeDifference, type IdentityCase } from './types';

/** Central-difference step: truncation h² and rounding ε/h both stay near 1e-10 in float64. */
const H = 1e-5;

/** The worse of residuals (NaN counts as the worst). */
const worst = (...r: number[]) => r.reduce((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), 0);

/** Mean softmax cross-entropy of host logits (B, C), computed by the kernel itself. */
async function meanLoss(be: Backend, logits: ArrayLike<number>, labels: Tensor, rows: number, cols: number): Promise<number> {
  const z = be.upload(logits, { rows, cols });
  const { grad, rowStats } = softmaxCrossEntropy(be, z, labels);
  const stats = await be.read(rowStats);
  [z, grad, rowStats].forEach((t) => be.dispose(t));
  let sum = 0;
  for (let i = 0; i < rows; i++) sum += stats[2 * i];
  return sum / rows;
}

export function learnIdentities(): IdentityCase[] {
  return [
    {
      kernel: 'activation backward', check: 'f′(z)·dy = central difference of f, relu gelu tanh', shape: '17×29', files: ['learn/activation_grad.wgsl'], tolerance: 1e-8,
      residual: async (be, rng) => {
        // keep z away from relu's kink, where a difference quotient is not a derivative
        const host = Array.from(normals32(rng, 17 * 29, 2), (v) => v + Math.sign(v) * 0.1);
        const shape = { rows: 17, cols: 29 };
        const z = be.upload(host, shape);
        const ones = be.fill(shape, 1);
        let r = 0;
        for (const act of ACTIVATIONS) {
          const fd = be.tidy(() => be.elementwise('add', be.elementwise(act, be.upload(host.map((v) => v + H), shape)), be.elementwise(act, be.upload(host.map((v) => v - H), shape)), 1 / (2 * H), -1 / (2 * H)));
          r = worst(r, await relativeDifference(be, activationBackward(be, z, ones, act), fd));
        }
        [z, ones].forEach((t) => be.dispose(t));
        return r;
      },
    },
    {
      kernel: 'softmax cross-entropy', check: 'gradient = central difference of the mean loss', shape: '7×11', files: ['learn/softmax_cross_entropy.wgsl'], tolerance: 1e-7,
      residual: async (be, rng) => {
        const [rows, cols] = [7, 11];
        const logits = Array.from(normals32(rng, rows * cols, 2));
        const labels = be.upload(Array.from({ length: rows }, (_, i) => (i * 3) % cols), { rows, cols: 1 });
        const z = be.upload(logits, { rows, cols });
        const { grad, rowStats } = softmaxCrossEntropy(be, z, labels);
        const g = await be.read(grad);
        [z, grad, rowStats].forEach((t) => be.dispose(t));
        let num = 0, den = 0;
        for (const idx of [0, 5, 12, 23, 40, 76]) {
          const plus = logits.slice(), minus = logits.slice();
          plus[idx] += H;
          minus[idx] -= H;
          const fd = ((await meanLoss(be, plus, labels, rows, cols)) - (await meanLoss(be, minus, labels, rows, cols))) / (2 * H);
          num += (g[idx] - fd) ** 2;
          den += fd ** 2;
        }
        be.dispose(labels);
        return Math.sqrt(num / den);
      },
    },
    {
      kernel: 'optimizers', check: 'first SGD step = −lr·g; first Adam step = −lr·g/(|g| + ε)', shape: '1×97', files: ['learn/optimizer_sgd.wgsl', 'learn/optimizer_adam.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const shape = { rows: 1, cols: 97 };
        const [lr, eps] = [0.03, 1e-8];
        const p0 = normals32(rng, 97), g = normals32(rng, 97);
        const [ps, pa, grad] = [be.upload(p0, shape), be.upload(p0, shape), be.upload(g, shape)];
        const [buf, m, v] = [be.fill(shape, 0), be.fill(shape, 0), be.fill(shape, 0)];
        sgdUpdate(be, ps, grad, buf, { lr, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, firstStep: true });
        adamUpdate(be, pa, grad, m, v, { lr, beta1: 0.9, beta2: 0.999, eps, weightDecay: 0, decoupled: true, step: 1 });
        const r1 = await relativeDifference(be, ps, be.upload(Array.from(p0, (p, i) => p - lr * g[i]), shape));
        const r2 = await relativeDifference(be, pa, be.upload(Array.from(p0, (p, i) => p - (lr * g[i]) / (Math.abs(g[i]) + eps)), shape));
        [grad, buf, m, v].forEach((t) => be.dispose(t));
        return worst(r1, r2);
      },
    },
    {
      kernel: 'gather and sparse', check: 'gathering by π then π⁻¹ = identity; gather(densify(v)) = v', shape: '37×13; 7×13 δ=0.3',
      files: ['learn/gather_rows.wgsl', 'learn/sparse_gather.wgsl', 'learn/sparse_densify.wgsl'], tolerance: 0,
      residual: async (be, rng) => {
        const src = randomTensor(be, rng, { rows: 37, cols: 13 });
        const perm = rng.shuffle(Array.from({ length: 37 }, (_, i) => i)) as number[];
        const inverse = new Array<number>(37);
        perm.forEach((p, i) => (inverse[p] = i));
        const back = be.tidy(() => gatherRows(be, gatherRows(be, src, be.upload(perm, { rows: 37, cols: 1 }), 0, 37), be.upload(inverse, { rows: 37, cols: 1 }), 0, 37));
        const r1 = await relativeDifference(be, back, src);
        const s = createSupport(be, 7, 13, randomSupportIndices(rng, 7, 13, 0.3));
        const values = be.upload(normals32(rng, s.nnz), { rows: s.nnz, cols: 1 });
        const again = be.tidy(() => gatherSupport(be, densifyAdd(be, be.fill({ rows: 7, cols: 13 }, 0), s, values, 0), s));
        const r2 = await relativeDifference(be, again, values);
        disposeSupport(be, s);
        return worst(r1, r2);
      },
    },
    {
      kernel: 'Fastfood', check: '⟨P·x, y⟩ = ⟨x, Pᵀ·y⟩', shape: 'd = 37, D = 257', files: ['learn/fastfood.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const f = createFastfood(be, rng, 37, 257);
        const x = randomTensor(be, rng, { rows: 37, cols: 1 });
        const y = randomTensor(be, rng, { rows: 257, cols: 1 });
        const left = be.tidy(() => be.matmul(fastfoodProject(be, f, x), y, { transA: true }));
        const right = be.tidy(() => be.matmul(x, fastfoodProjectTranspose(be, f, y), { transA: true }));
        [f.table, x, y].forEach((t) => be.dispose(t));
        return relativeDifference(be, left, right);
      },
    },
    {
      kernel: 'int4', check: '|dequantize(quantize(x)) − x| ≤ scale/2 (shown as the worst ratio, ≤ 1)', shape: '13×29, groups of 29',
      files: ['learn/int4_quantize.wgsl', 'learn/int4_dequantize.wgsl'], tolerance: 1 + 1e-9,
      residual: async (be, rng) => {
        const t = randomTensor(be, rng, { rows: 13, cols: 29 });
        const q = quantizeInt4OnBackend(be, t, 29);
        const back = dequantizeInt4OnBackend(be, q);
        const [x, y, scales] = await Promise.all([be.read(t), be.read(back), be.read(q.scales)]);
        [t, back].forEach((u) => be.dispose(u));
        disposeInt4(be, q);
        let ratio = 0;
        for (let i = 0; i < x.length; i++) ratio = Math.max(ratio, Math.abs(y[i] - x[i]) / (scales[Math.floor(i / 29)] / 2));
        return ratio;
      },
    },
    {
      kernel: 'int8 SR', check: '|dequantize(SR(x / scale)) − x| < scale: SR picks one of the two codes around x (worst ratio, < 1)', shape: '13×29, a scale per row',
      files: ['learn/int8_stochastic_round.wgsl'], tolerance: 1,
      residual: async (be, rng) => {
        const t = randomTensor(be, rng, { rows: 13, cols: 29 });
        const s = int8ScalesOnBackend(be, t, 29);
        const q = quantizeInt8SrOnBackend(be, t, s, 29, 99, 3);
        const back = dequantizeInt8OnBackend(be, q);
        const [x, y, scales] = await Promise.all([be.read(t), be.read(back), be.read(s)]);
        [t, s, back].forEach((u) => be.dispose(u));
        disposeInt8(be, q);
        let ratio = 0;
        for (let i = 0; i < x.length; i++) ratio = Math.max(ratio, Math.abs(y[i] - x[i]) / scales[Math.floor(i / 29)]);
        return ratio;
      },
    },
    {
      kernel: 'distances and affinities', check: 'D(X+c, Y+c) = D(X, Y); D(X, X) has a zero diagonal; symmetrize gives S = Sᵀ',
      shape: '17×7 vs 9×7; 19×19', files: ['cluster/pairwise_distances.wgsl', 'cluster/symmetrize.wgsl'], tolerance: 1e-12,
      residual: async (be, rng) => {
        const x = randomTensor(be, rng, { rows: 17, cols: 7 });
        const y = randomTensor(be, rng, { rows: 9, cols: 7 });
        const c = randomTensor(be, rng, { rows: 1, cols: 7 }, 3);
        const shifted = be.tidy(() => squaredDistances(be, be.elementwise('add', x, c), be.elementwise('add', y, c)));
        const r1 = await relativeDifference(be, shifted, squaredDistances(be, x, y));
        const diagonal = be.tidy(() => be.elementwise('mul', squaredDistances(be, x, x), be.upload(eye(17), { rows: 17, cols: 17 })));
        const r2 = Math.max(...(await be.read(diagonal)).map(Math.abs));
        be.dispose(diagonal);
        const a = randomTensor(be, rng, { rows: 19, cols: 19 });
        const s = symmetrizeAffinity(be, a, { absolute: true, scale: 0.5, zeroDiagonal: true });
        const r3 = await relativeDifference(be, be.transpose(s), be.elementwise('scale', s, null, 1, 0));
        [x, y, c, a, s].forEach((t) => be.dispose(t));
        return worst(r1, r2, r3);
      },
    },
    {
      kernel: 'top-k and assignment', check: 'top-k keeps exactly the k nearest of each row; each centroid is its own nearest (distance 0)',
      shape: '33×47, k = 5; 6 centroids in R^11', files: ['cluster/top_k_select.wgsl', 'cluster/cluster_assign.wgsl'], tolerance: 0,
      residual: async (be, rng) => {
        const [rows, cols, k] = [33, 47, 5];
        const a = randomTensor(be, rng, { rows, cols });
        const picked = topKPerLine(be, a, k, 'nearest', 'rows');
        const [values, picks] = await Promise.all([be.read(a), be.read(picked)]);
        let wrong = 0;
        for (let i = 0; i < rows; i++) {
          const row = Array.from(values.slice(i * cols, (i + 1) * cols));
          const kth = row.slice().sort((p, q) => p - q)[k - 1];
          for (let j = 0; j < cols; j++) if ((picks[i * cols + j] !== 0) !== row[j] <= kth) wrong++;
        }
        const centers = randomTensor(be, rng, { rows: 6, cols: 11 });
        const { labels, best } = nearestCentroid(be, centers, centers);
        const [l, d] = await Promise.all([be.read(labels), be.read(best)]);
        l.forEach((label, i) => (wrong += label === i ? 0 : 1));
        [a, picked, centers, labels, best].forEach((t) => be.dispose(t));
        return wrong + Math.max(...d.map(Math.abs));
      },
    },
    {
      kernel: 'Lloyd convergence', check: 'k-means with checkEvery 3 = checkEvery 1 (labels, centroids, history); changed count = Hamming distance',
      shape: '60 points in R^2, k = 4; 40 labels', files: ['cluster/lloyd_convergence.wgsl'], tolerance: 0,
      residual: async (be, rng) => {
        const x = randomTensor(be, rng, { rows: 60, cols: 2 });
        const [a, b] = [await kmeans(be, x, 4, { seed: 3, restarts: 2, tol: 0.01, checkEvery: 1 }), await kmeans(be, x, 4, { seed: 3, restarts: 2, tol: 0.01, checkEvery: 3 })];
        let wrong = a.iterations === b.iterations && a.inertiaHistory.length === b.inertiaHistory.length ? 0 : 1;
        a.labels.forEach((l, i) => (wrong += l === b.labels[i] ? 0 : 1));
        a.centroids.forEach((c, i) => (wrong += Math.abs(c - b.centroids[i])));
        a.inertiaHistory.forEach((v, i) => (wrong += Math.abs(v - b.inertiaHistory[i])));
        const labels = Float64Array.from({ length: 40 }, () => rng.int(3));
        const last = Float64Array.from({ length: 40 }, () => rng.int(3));
        const hamming = labels.reduce((s, l, i) => s + (l === last[i] ? 0 : 1), 0);
        const lastT = be.upload(last, { rows: 1, cols: 40 });
        const changed = be.tidy(() => countChanged(be, be.upload(labels, { rows: 1, cols: 40 }), lastT));
        wrong += Math.abs((await be.read(changed))[0] - hamming) + (await be.read(lastT)).reduce((s, l, i) => s + Math.abs(l - labels[i]), 0);
        [x, lastT, changed].forEach((t) => be.dispose(t));
        return wrong;
      },
    },
    {
      kernel: 'self-expression ADMM step', check: 'with no penalty and no dual, C = Z off the diagonal and C + (Z − C) = Z', shape: '23×23',
      files: ['cluster/self_expression.wgsl'], tolerance: 1e-15,
      residual: async (be, rng) => {
        const shape = { rows: 23, cols: 23 };
        const z = randomTensor(be, rng, shape);
        const g = randomTensor(be, rng, shape);
        const dual = be.fill(shape, 0);
        const { coef, rhs, gap } = admmStep(be, z, null, g, dual, { rho: 1, weight: 1, l1: 0, l2: 0 });
        const offDiagonal = be.tidy(() => be.elementwise('mul', z, be.upload(eye(23).map((v) => 1 - v), shape)));
        const r1 = await relativeDifference(be, be.elementwise('add', coef, gap), be.elementwise('scale', z, null, 1, 0));
        const r2 = await relativeDifference(be, coef, offDiagonal);
        [z, g, dual, rhs, gap].forEach((t) => be.dispose(t));
        return worst(r1, r2);
      },
    },
  ];
}
