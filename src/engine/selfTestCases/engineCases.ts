// Self-test cases for the engine's own kernels (shaders/common/): every matmul variant, elementwise, reduce, copy.
import { ELEMENTWISE_OPS, REDUCE_OPS } from '../backend';
import { overrideMatmul, type MatmulKernel } from '../webgpu/matmulKernels';
import { generatedMatmulId } from '../webgpu/matmulRegisterWgsl';
import { randomTensor, type KernelCase } from './types';

type MatmulCase = { m: number; k: number; n: number; transA?: boolean; transB?: boolean; batch?: number; kernel?: MatmulKernel; splits?: number };

/** The kernel source a matmul variant runs: matmul_tiled.wgsl, or the generated register kernels. */
const matmulSource = (kernel: MatmulKernel) => (kernel === 'tiled' ? 'common/matmul_tiled.wgsl' : generatedMatmulId(kernel));

/** One matmul variant, forced through overrideMatmul so each kernel source runs (split-k adds matmul_splitk.wgsl). */
function matmulCase({ m, k, n, transA = false, transB = false, batch = 1, kernel, splits }: MatmulCase): KernelCase {
  const files = [matmulSource(kernel ?? 'regblock')];
  if (splits) files.push('common/matmul_splitk.wgsl');
  return {
    kernel: `matmul ${kernel ?? 'auto'}${splits ? ` split-k ${splits}` : ''}${transA ? ' Aᵀ' : ''}${transB ? ' Bᵀ' : ''}${batch > 1 ? ' batched' : ''}`,
    files,
    shape: `${batch > 1 ? batch + '×' : ''}${m}×${k}·${k}×${n}`,
    flops: 2 * m * k * n * batch,
    tolerance: 1e-5 * Math.sqrt(k) + 1e-6,
    setup: kernel ? () => overrideMatmul({ kernel, splits }) : undefined,
    teardown: kernel ? () => overrideMatmul(null) : undefined,
    run: async (be, rng) => {
      const a = randomTensor(be, rng, transA ? { rows: k, cols: m, batch } : { rows: m, cols: k, batch });
      const b = randomTensor(be, rng, transB ? { rows: n, cols: k, batch } : { rows: k, cols: n, batch });
      const c = be.matmul(a, b, { transA, transB });
      be.dispose(a);
      be.dispose(b);
      return [c];
    },
  };
}

/** Engine kernels on awkward shapes: primes, 1×n and n×1, transposes, a batch, non-multiples of every tile. */
export function engineCases(): KernelCase[] {
  const list: KernelCase[] = [
    matmulCase({ m: 67, k: 33, n: 101, transA: true, kernel: 'tiled' }),
    matmulCase({ m: 45, k: 70, n: 19, transB: true, kernel: 'regblock' }),
    matmulCase({ m: 17, k: 9, n: 13, batch: 4, kernel: 'regblock' }),
    matmulCase({ m: 1, k: 131, n: 7, transA: true, transB: true, kernel: 'skinny' }),
    matmulCase({ m: 29, k: 257, n: 1, kernel: 'skinny' }),
    matmulCase({ m: 23, k: 301, n: 31, kernel: 'regblock', splits: 3 }),
    matmulCase({ m: 128, k: 128, n: 128 }),
  ];
  for (const op of ELEMENTWISE_OPS) {
    const positive = op === 'sqrt' || op === 'log';
    list.push({
      kernel: `elementwise ${op}`,
      files: ['common/elementwise.wgsl'],
      shape: '37×53 with 1×53',
      tolerance: 2e-5,
      run: async (be, rng) => {
        const a = randomTensor(be, rng, { rows: 37, cols: 53 });
        const b = randomTensor(be, rng, { rows: 1, cols: 53 });
        // sqrt and log want a > 0, div wants b away from 0: shift by |·| + ½ on the backend itself
        const awayFromZero = (t: typeof a) => be.tidy(() => be.elementwise('scale', be.elementwise('abs', t), null, 1, 0.5));
        const aIn = positive ? awayFromZero(a) : a;
        const bIn = op === 'div' ? awayFromZero(b) : b;
        const out = be.elementwise(op, aIn, bIn, op === 'clamp' ? -0.5 : 1.5, op === 'clamp' ? 0.5 : -0.25);
        for (const t of new Set([a, b, aIn, bIn])) be.dispose(t);
        return [out];
      },
    });
  }
  for (const op of REDUCE_OPS) {
    for (const axis of ['perRow', 'perCol', 'all'] as const) {
      list.push({
        kernel: `reduce ${op} ${axis}`,
        files: ['common/reduce.wgsl'],
        shape: '2×61×300',
        tolerance: op === 'sum' ? 1e-4 : 1e-5,
        run: async (be, rng) => {
          const a = randomTensor(be, rng, { batch: 2, rows: 61, cols: 300 });
          const out = be.reduce(op, a, axis);
          be.dispose(a);
          return [out];
        },
      });
    }
  }
  list.push({
    kernel: 'transpose and slice',
    files: ['common/copy.wgsl'],
    shape: '2×33×65; 40×50 → 13×21; 1×97',
    tolerance: 0,
    run: async (be, rng) => {
      const a = randomTensor(be, rng, { batch: 2, rows: 33, cols: 65 });
      const b = randomTensor(be, rng, { rows: 40, cols: 50 });
      const c = randomTensor(be, rng, { rows: 1, cols: 97 });
      const out = [be.transpose(a), be.slice(b, 7, 11, 13, 21), be.transpose(c)];
      [a, b, c].forEach((t) => be.dispose(t));
      return out;
    },
  });
  return list;
}
