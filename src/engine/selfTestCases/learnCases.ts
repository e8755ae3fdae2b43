// Self-test cases for the training kernels (shaders/learn/): activations, softmax-CE, optimizers, gathers, sparse, Fastfood, int4, int8 SR.
import { ACTIVATIONS, activationBackward } from '../../learn/activationKernels';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import { adamUpdate, sgdUpdate } from '../../learn/optimizerKernels';
import { gatherRows } from '../../learn/gatherKernels';
import { createSupport, densifyAdd, disposeSupport, gatherSupport, randomSupportIndices } from '../../learn/sparseKernels';
import { createFastfood, fastfoodProject, fastfoodProjectTranspose } from '../../learn/fastfoodKernels';
import { dequantizeInt4OnBackend, disposeInt4, quantizeInt4OnBackend } from '../../learn/galore/int4Kernels';
import { dequantizeInt8OnBackend, disposeInt8, quantizeInt8SrOnBackend } from '../../learn/galore/int8Kernels';
import { int8Scales } from '../../learn/galore/int8Sr';
import { normals32, randomTensor, type KernelCase } from './types';

/** Training kernels on awkward sizes (primes, 1-wide, a non-power-of-two Fastfood D); in-place updates are compared after three steps. */
export function learnCases(): KernelCase[] {
  const list: KernelCase[] = ACTIVATIONS.map((act) => ({
    kernel: `activation backward ${act}`,
    files: ['learn/activation_grad.wgsl'],
    shape: '37×53',
    tolerance: 2e-5,
    run: async (be, rng) => {
      const z = randomTensor(be, rng, { rows: 37, cols: 53 }, 3);
      const dy = randomTensor(be, rng, { rows: 37, cols: 53 });
      const out = activationBackward(be, z, dy, act);
      [z, dy].forEach((t) => be.dispose(t));
      return [out];
    },
  }));
  list.push(
    {
      kernel: 'softmax cross-entropy',
      files: ['learn/softmax_cross_entropy.wgsl'],
      shape: '67×10, 5×257',
      tolerance: 1e-5,
      run: async (be, rng) => {
        const out = [];
        for (const [rows, cols] of [[67, 10], [5, 257]]) {
          const logits = randomTensor(be, rng, { rows, cols }, 4);
          const labels = be.upload(Array.from({ length: rows }, (_, i) => (i * 7) % cols), { rows, cols: 1 });
          const { grad, rowStats } = softmaxCrossEntropy(be, logits, labels);
          [logits, labels].forEach((t) => be.dispose(t));
          out.push(grad, rowStats);
        }
        return out;
      },
    },
    {
      kernel: 'SGD with Nesterov momentum, 3 steps',
      files: ['learn/optimizer_sgd.wgsl'],
      shape: '1×257',
      tolerance: 1e-5,
      run: async (be, rng) => {
        const p = randomTensor(be, rng, { rows: 1, cols: 257 });
        const buf = be.fill({ rows: 1, cols: 257 }, 0);
        for (let s = 0; s < 3; s++) {
          const g = randomTensor(be, rng, { rows: 1, cols: 257 });
          sgdUpdate(be, p, g, buf, { lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.001, firstStep: s === 0 });
          be.dispose(g);
        }
        return [p, buf];
      },
    },
    {
      kernel: 'AdamW, 3 steps',
      files: ['learn/optimizer_adam.wgsl'],
      shape: '199×1',
      tolerance: 2e-5,
      run: async (be, rng) => {
        const p = randomTensor(be, rng, { rows: 199, cols: 1 });
        const m = be.fill({ rows: 199, cols: 1 }, 0);
        const v = be.fill({ rows: 199, cols: 1 }, 0);
        for (let step = 1; step <= 3; step++) {
          const g = randomTensor(be, rng, { rows: 199, cols: 1 });
          adamUpdate(be, p, g, m, v, { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: true, step });
          be.dispose(g);
        }
        return [p, m, v];
      },
    },
    {
      kernel: 'gather rows',
      files: ['learn/gather_rows.wgsl'],
      shape: '20 of 37×13 from row 5',
      tolerance: 0,
      run: async (be, rng) => {
        const src = randomTensor(be, rng, { rows: 37, cols: 13 });
        const order = be.upload(rng.shuffle(Array.from({ length: 37 }, (_, i) => i)), { rows: 37, cols: 1 });
        const out = gatherRows(be, src, order, 5, 20);
        [src, order].forEach((t) => be.dispose(t));
        return [out];
      },
    },
    {
      kernel: 'sparse densify and gather',
      files: ['learn/sparse_densify.wgsl', 'learn/sparse_gather.wgsl'],
      shape: '7×13, δ = 0.3',
      tolerance: 1e-6,
      run: async (be, rng) => {
        const s = createSupport(be, 7, 13, randomSupportIndices(rng, 7, 13, 0.3));
        const base = randomTensor(be, rng, { rows: 7, cols: 13 });
        const values = be.upload(normals32(rng, s.nnz), { rows: s.nnz, cols: 1 });
        const out = [densifyAdd(be, base, s, values, 0.5), gatherSupport(be, base, s)];
        [base, values].forEach((t) => be.dispose(t));
        disposeSupport(be, s);
        return out;
      },
    },
    {
      kernel: 'Fastfood projection P·x and Pᵀ·y',
      files: ['learn/fastfood.wgsl'],
      shape: 'd = 37, D = 257',
      tolerance: 3e-5,
      run: async (be, rng) => {
        const f = createFastfood(be, rng, 37, 257);
        const x = randomTensor(be, rng, { rows: 37, cols: 1 });
        const y = randomTensor(be, rng, { rows: 257, cols: 1 });
        const out = [fastfoodProject(be, f, x), fastfoodProjectTranspose(be, f, y)];
        [f.table, x, y].forEach((t) => be.dispose(t));
        return out;
      },
    },
    {
      kernel: 'int4 quantize and dequantize',
      files: ['learn/int4_quantize.wgsl', 'learn/int4_dequantize.wgsl'],
      shape: '13×29, groups of 29',
      tolerance: 1e-5,
      run: async (be, rng) => {
        const t = randomTensor(be, rng, { rows: 13, cols: 29 });
        const q = quantizeInt4OnBackend(be, t, 29);
        // packed words are raw u32 bits on webgpu: compare what dequantization gives back, and the group statistics
        const out = [dequantizeInt4OnBackend(be, q), be.elementwise('scale', q.scales, null, 1, 0), be.elementwise('scale', q.zeros, null, 1, 0)];
        be.dispose(t);
        disposeInt4(be, q);
        return out;
      },
    },
    {
      kernel: 'int8 stochastic rounding and dequantize',
      files: ['learn/int8_stochastic_round.wgsl'],
      shape: '13×29, a scale per row',
      tolerance: 1e-5,
      run: async (be, rng) => {
        // the same f32 scales on both sides and counter-hash draws: the codes agree, so w̃ agrees to f32 rounding
        const values = normals32(rng, 13 * 29);
        const t = be.upload(values, { rows: 13, cols: 29 });
        const scales = be.upload(Float32Array.from(int8Scales(values, 29)), { rows: 13, cols: 1 });
        const q = quantizeInt8SrOnBackend(be, t, scales, 29, 12345, 6);
        const out = [dequantizeInt8OnBackend(be, q)];
        [t, scales].forEach((u) => be.dispose(u));
        disposeInt8(be, q);
        return out;
      },
    },
  );
  return list;
}
