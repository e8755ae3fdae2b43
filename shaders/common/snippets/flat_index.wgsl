// Snippet flat_index: one item per invocation (or per workgroup) of a 1-D problem spread over a 2-D grid of WG_SIZE-wide workgroups.
// dispatchFlat (src/engine/webgpu/flatDispatch.ts) sets WG_SIZE and splits the workgroups over x and y so that
// large problems stay under maxComputeWorkgroupsPerDimension. One item per invocation: the entry point takes
// `ids: FlatIds` and calls flatIndex(ids). One item per workgroup: it takes @builtin(workgroup_id) and
// @builtin(num_workgroups) on their own, since the uniformity analysis counts a struct holding local_invocation_id
// as non-uniform and workgroupBarrier needs the workgroup's index to be uniform.

override WG_SIZE: u32 = 256u;

struct FlatIds {
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
}

// The workgroup's position in the flattened grid (workgroup_id, num_workgroups): its item, for one-item-per-workgroup kernels.
fn flatWorkgroup(wid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return wid.y * groups.x + wid.x;
}

// The invocation's position in the flattened grid; past the problem's end on the last workgroups.
fn flatIndex(ids: FlatIds) -> u32 {
  return flatWorkgroup(ids.wid, ids.groups) * WG_SIZE + ids.lid.x;
}

// (z, i, j) of flat index `idx` in a batch of rows×cols row-major matrices: the usual meaning of a flat item.
fn matrixEntry(idx: u32, rows: u32, cols: u32) -> vec3<u32> {
  let rem = idx % (rows * cols);
  return vec3<u32>(idx / (rows * cols), rem / cols, rem % cols);
}
