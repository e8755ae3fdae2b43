// Picks the matmul kernel for a shape and adapter, and lays out its uniforms, workgroup grid and split-k.
import type { PipelineKey } from './pipelineCache';
import { uniformLayout, type Uniforms } from './uniformLayout';
import matmulTiledWgsl from '../../../shaders/common/matmul_tiled.wgsl?raw';
import matmulSplitkWgsl from '../../../shaders/common/matmul_splitk.wgsl?raw';
import flatIndexWgsl from '../../../shaders/common/snippets/flat_index.wgsl?raw';
import { composeWgsl } from './composeWgsl';
import type { FlatKernel } from './flatDispatch';
import { generatedMatmulId, registerMatmulWgsl, REGISTER_TILES, type RegisterKernelName, type RegisterTile } from './matmulRegisterWgsl';

/**
 * The matmul kernels:
 * - `tiled`: 64×64 tiles staged in workgroup memory, 4×4 per invocation (hardware GPUs, large shapes).
 * - `regblock`: 8×8 per invocation straight from storage, no workgroup memory or barriers.
 * - `skinny`: 16×4 per invocation, the 4 along the small side, for outputs with a side ≤ 4 (matrix–vector).
 * `tiled` is matmul_tiled.wgsl; `regblock` and `skinny` are generated from their tile (matmulRegisterWgsl.ts)
 * and also run split-k: partial products over k-chunks, summed by matmul_splitk.wgsl.
 */
export type MatmulKernel = 'tiled' | 'regblock' | 'skinny';
export const MATMUL_KERNELS: readonly MatmulKernel[] = ['tiled', 'regblock', 'skinny'];

/** C[batch] = alpha · op(A)·op(B), op(A) m×k and op(B) k×n; `batchA`/`batchB` of 1 broadcast. */
export type MatmulProblem = {
  batch: number; m: number; k: number; n: number;
  transA: boolean; transB: boolean; batchA: number; batchB: number; alpha?: number;
};

/** What the adapter allows and how it runs (`fallback`: a software adapter such as SwiftShader). */
export type MatmulAdapter = { fallback: boolean; maxBufferBytes: number };

/** What `WebGpuBackend.matmul` dispatches. */
export type MatmulPlan = {
  kernel: MatmulKernel;
  pipeline: PipelineKey;
  uniforms: Uniforms;
  groups: [number, number, number];
  /** Bind B first and A second: the kernel computes Cᵀ = op(B)ᵀ·op(A)ᵀ, writing C in place. */
  swap: boolean;
  /** > 1: the kernel writes `splits` partial products (batch·splits·m·n floats) for SPLITK_REDUCE to sum. */
  splits: number;
};

/** The split-k second pass, one invocation per output (a flat kernel); uniforms SPLITK_PARAMS. */
export const SPLITK_REDUCE: FlatKernel = { name: 'matmul_splitk', code: composeWgsl(flatIndexWgsl, matmulSplitkWgsl) };

/** Uniforms of the split-k sum: `total` outputs, `mn` = m·n per batch item, `splits` partial products each. */
export const SPLITK_PARAMS = uniformLayout({ struct: 'Dims', shaders: ['shaders/common/matmul_splitk.wgsl'] }, {
  total: 'u32', mn: 'u32', splits: 'u32', alpha: 'f32',
});

const TILED_DIMS = uniformLayout({ struct: 'Dims', shaders: ['shaders/common/matmul_tiled.wgsl'] }, {
  m: 'u32', n: 'u32', k: 'u32', transA: 'u32', transB: 'u32', strideA: 'u32', strideB: 'u32', strideC: 'u32',
  alpha: 'f32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32',
});

/** Shared by the register-blocked kernels (and their split-k passes). */
const REGISTER_DIMS = uniformLayout({ struct: 'Dims', shaders: [generatedMatmulId('regblock'), generatedMatmulId('skinny')] }, {
  m: 'u32', n: 'u32', k: 'u32', kChunk: 'u32', aRow: 'u32', aInner: 'u32', bInner: 'u32', bCol: 'u32',
  cRow: 'u32', cCol: 'u32', splits: 'u32', _pad: 'u32', strideA: 'u32', strideB: 'u32', strideC: 'u32', alpha: 'f32',
});

/** Register-blocked kernels: their tile (rows × cols of C per invocation) and generated WGSL. */
type RegisterKernel = RegisterTile & { code: string };
const REGISTER_KERNELS = Object.fromEntries(
  (Object.keys(REGISTER_TILES) as RegisterKernelName[]).map((k) => [k, { ...REGISTER_TILES[k], code: registerMatmulWgsl(REGISTER_TILES[k]) }]),
) as Record<RegisterKernelName, RegisterKernel>;

/**
 * Test and benchmark overrides: a kernel, a split count, invocations per workgroup (register kernels),
 * or planning as if on a (non-)software adapter.
 */
export type MatmulOverride = { kernel?: MatmulKernel; splits?: number; fallback?: boolean; workgroup?: number };

let override: MatmulOverride = {};

/** Applies `o` to every later matmul plan until called again (null restores the automatic choice). */
export function overrideMatmul(o: MatmulOverride | null): void {
  override = { ...(o ?? {}) };
}

/**
 * The kernel for a problem. On software adapters every storage load is a per-lane gather and every
 * barrier a coroutine switch, so register blocking without workgroup memory wins on every shape
 * (3–10× matmul_tiled on SwiftShader); on hardware the workgroup-memory tiles serve large outputs.
 * Run `npm run bench -- matmulVariants` to see each kernel on each shape.
 */
export function chooseMatmulKernel(p: MatmulProblem, adapter: MatmulAdapter): MatmulKernel {
  if (override.kernel) return override.kernel;
  if (Math.min(p.m, p.n) <= 4) return 'skinny';
  if (!adapter.fallback && Math.min(p.m, p.n) >= 64) {
    // Measured on an H100 (Dawn/Vulkan): tiles win from 256³ up; with few tiles and a long k
    // (64×2048×64, XᵀX) split-k register blocks are 3–40× faster.
    const tiles = p.batch * Math.ceil(p.m / 64) * Math.ceil(p.n / 64);
    if (tiles >= 16 && p.k <= 64 * tiles) return 'tiled';
  }
  return 'regblock';
}

/** The full launch for a problem: kernel, uniforms, grid, operand order and split-k. */
export function planMatmul(p: MatmulProblem, deviceAdapter: MatmulAdapter): MatmulPlan {
  const adapter = override.fallback === undefined ? deviceAdapter : { ...deviceAdapter, fallback: override.fallback };
  const kernel = chooseMatmulKernel(p, adapter);
  switch (kernel) {
    case 'tiled':
      return planTiled(p);
    case 'regblock':
    case 'skinny':
      return planRegister(kernel, REGISTER_KERNELS[kernel], p, adapter);
    default:
      throw new Error(`unsupported matmul kernel: ${String(kernel satisfies never)}`);
  }
}

function planTiled(p: MatmulProblem): MatmulPlan {
  return {
    kernel: 'tiled',
    pipeline: { name: 'matmul_tiled', code: matmulTiledWgsl },
    uniforms: TILED_DIMS.of({
      m: p.m, n: p.n, k: p.k, transA: p.transA ? 1 : 0,
      transB: p.transB ? 1 : 0, strideA: p.batchA === 1 ? 0 : p.m * p.k, strideB: p.batchB === 1 ? 0 : p.k * p.n, strideC: p.m * p.n,
      alpha: p.alpha ?? 1,
    }),
    groups: [Math.ceil(p.n / 64), Math.ceil(p.m / 64), p.batch],
    swap: false,
    splits: 1,
  };
}

const nextPow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

function planRegister(kernel: MatmulKernel, spec: RegisterKernel, p: MatmulProblem, adapter: MatmulAdapter): MatmulPlan {
  // op(A)[r, i] = a[r·aRow + i·aInner]; op(B)[i, j] = b[i·bInner + j·bCol]; C[r, j] = c[r·n + j].
  const aRow = p.transA ? 1 : p.k;
  const aInner = p.transA ? p.m : 1;
  const bInner = p.transB ? 1 : p.n;
  const bCol = p.transB ? p.k : 1;
  const strideA = p.batchA === 1 ? 0 : p.m * p.k;
  const strideB = p.batchB === 1 ? 0 : p.k * p.n;
  // A block narrow along columns (skinny) puts the small side of C there: a short-and-wide C is
  // computed as Cᵀ = op(B)ᵀ·op(A)ᵀ.
  const swap = spec.cols < spec.rows ? p.m < p.n : spec.cols > spec.rows && p.m > p.n;
  const m = swap ? p.n : p.m;
  const n = swap ? p.m : p.n;
  const blocks = p.batch * Math.ceil(m / spec.rows) * Math.ceil(n / spec.cols);

  // Split k when the output alone cannot keep the adapter busy: SwiftShader deals workgroups out to
  // one thread per core, a GPU wants thousands of invocations.
  const wantInvocations = adapter.fallback ? 16 : 4096;
  let splits = 1;
  if (blocks < wantInvocations && p.k >= (adapter.fallback ? 1024 : 256)) {
    splits = Math.min(Math.ceil(wantInvocations / blocks), Math.ceil(p.k / (adapter.fallback ? 256 : 64)));
    splits = Math.max(1, Math.min(splits, Math.floor(adapter.maxBufferBytes / (4 * p.batch * p.m * p.n))));
  }
  if (override.splits) splits = Math.max(1, Math.min(override.splits, p.k));
  const kChunk = Math.ceil(p.k / splits);
  splits = Math.ceil(p.k / kChunk);

  // Software adapters run a workgroup on one thread in SIMD groups of 4 and hand workgroups out in
  // 16 batches, so small workgroups (4–16 invocations) keep both cores busy; GPUs get 64.
  const colBlocks = Math.ceil(n / spec.cols);
  const rowBlocks = Math.ceil(m / spec.rows);
  const perGroup = override.workgroup ?? (adapter.fallback ? Math.max(4, Math.min(16, nextPow2(Math.ceil((blocks * splits) / 16)))) : 64);
  const wx = Math.min(perGroup, nextPow2(colBlocks));
  const wy = Math.max(1, perGroup / wx);

  const uniforms = REGISTER_DIMS.of({
    m, n, k: p.k, kChunk,
    aRow: swap ? bCol : aRow, aInner: swap ? bInner : aInner, bInner: swap ? aInner : bInner, bCol: swap ? aRow : bCol,
    cRow: swap ? 1 : p.n, cCol: swap ? p.n : 1, splits,
    strideA: swap ? strideB : strideA, strideB: swap ? strideA : strideB, strideC: p.m * p.n, alpha: splits > 1 ? 1 : (p.alpha ?? 1),
  });
  return {
    kernel,
    pipeline: { name: `matmul_${kernel}`, code: spec.code, constants: { WG_X: wx, WG_Y: wy } },
    uniforms,
    groups: [Math.ceil(colBlocks / wx), Math.ceil(rowBlocks / wy), p.batch * splits],
    swap,
    splits,
  };
}
