// Picks the matmul kernel (WGSL file, override constants, workgroup grid) for a shape and adapter.
import type { PipelineKey } from './pipelineCache';
import matmulTiledWgsl from '../../../shaders/common/matmul_tiled.wgsl?raw';
import matmulRegblockWgsl from '../../../shaders/common/matmul_regblock.wgsl?raw';
const EXP = import.meta.glob<string>('../../../shaders/common/matmul_exp*.wgsl', { query: '?raw', import: 'default', eager: true });

/** The matmul kernels, one WGSL file each. */
export type MatmulKernel = string;
export const MATMUL_KERNELS: readonly MatmulKernel[] = ['tiled', 'regblock', 'regblockW', ...Object.keys(EXP).map((f) => f.match(/matmul_(exp\w+)\.wgsl/)![1])];

/** C[batch] = op(A)·op(B) with op(A) m×k and op(B) k×n. */
export type MatmulProblem = { batch: number; m: number; k: number; n: number };

/** What `WebGpuBackend.matmul` dispatches. */
export type MatmulLaunch = { kernel: MatmulKernel; pipeline: PipelineKey; groups: [number, number, number] };

let forced: MatmulKernel | null = null;

/** Makes every later matmul use `kernel` (null restores the automatic choice). For tests and benchmarks. */
export function forceMatmulKernel(kernel: MatmulKernel | null): void {
  forced = kernel;
}

/** The kernel for a problem on an adapter; `fallback` is true on software adapters such as SwiftShader. */
export function chooseMatmulKernel(_p: MatmulProblem, _adapter: { fallback: boolean }): MatmulKernel {
  if (forced) return forced;
  return 'regblock';
}

function reg(kernel: MatmulKernel, name: string, code: string, p: MatmulProblem, R: number, C: number, adaptive: boolean): MatmulLaunch {
  let wx = 8;
  if (adaptive) wx = Math.min(8, 2 ** Math.ceil(Math.log2(Math.ceil(p.n / C))));
  const wy = 64 / wx;
  return {
    kernel,
    pipeline: { name, code, constants: { WG_X: wx, WG_Y: wy } },
    groups: [Math.ceil(p.n / (C * wx)), Math.ceil(p.m / (R * wy)), p.batch],
  };
}

/** The launch for a problem: pipeline key and workgroup counts. */
export function planMatmul(p: MatmulProblem, adapter: { fallback: boolean }): MatmulLaunch {
  const kernel = chooseMatmulKernel(p, adapter);
  switch (kernel) {
    case 'tiled':
      return { kernel, pipeline: { name: 'matmul_tiled', code: matmulTiledWgsl }, groups: [Math.ceil(p.n / 64), Math.ceil(p.m / 64), p.batch] };
    case 'regblock':
      return reg(kernel, 'matmul_regblock', matmulRegblockWgsl, p, 4, 4, false);
    case 'regblockW':
      return reg(kernel, 'matmul_regblock', matmulRegblockWgsl, p, 4, 4, true);
    default: {
      const [R, C] = kernel.slice(3).split('x').map(Number);
      const code = EXP[`../../../shaders/common/matmul_${kernel}.wgsl`];
      return reg(kernel, `matmul_${kernel}`, code, p, R, C, true);
    }
  }
}
