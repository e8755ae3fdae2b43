// The launch of a flat kernel (one written against shaders/common/snippets/flat_index.wgsl): its pipeline key and workgroup grid.
import type { PipelineKey } from './pipelineCache';

/** Invocations per workgroup of a flat kernel unless it says otherwise (the snippet's WG_SIZE default). */
export const FLAT_WORKGROUP_SIZE = 256;

/**
 * A kernel whose entry point indexes its items with `flatIndex(ids)` (one item per invocation) or, when
 * `perWorkgroup`, with `flatWorkgroup(ids)` (one item per workgroup of `workgroupSize` cooperating invocations).
 * `workgroupSize` (default 256) is passed as the `WG_SIZE` override; the WGSL never spells it.
 */
export type FlatKernel = PipelineKey & { workgroupSize?: number; perWorkgroup?: boolean };

/** What `WebGpuBackend.dispatchFlat` encodes for `total` items: the pipeline to get and the [x, y, z] workgroup grid. */
export type FlatLaunch = { pipeline: PipelineKey; groups: [number, number, number] };

/**
 * The pipeline and grid for `total` items (total ≥ 1): ⌈total / WG_SIZE⌉ workgroups, or `total` of them per
 * workgroup, spread over x and y so neither exceeds `maxPerDimension` (the snippet recovers the flat index
 * from num_workgroups, so no uniform carries the grid's width). `batch` > 1 repeats the grid along z, for
 * kernels that read their batch item from workgroup_id.z.
 */
export function flatLaunch(kernel: FlatKernel, total: number, maxPerDimension: number, batch = 1): FlatLaunch {
  const { workgroupSize = FLAT_WORKGROUP_SIZE, perWorkgroup = false, ...key } = kernel;
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`${kernel.name}: a flat dispatch of ${total} items`);
  const workgroups = perWorkgroup ? total : Math.ceil(total / workgroupSize);
  const x = Math.min(workgroups, maxPerDimension);
  return {
    pipeline: { ...key, constants: { ...key.constants, WG_SIZE: workgroupSize } },
    groups: [x, Math.ceil(workgroups / x), batch],
  };
}
