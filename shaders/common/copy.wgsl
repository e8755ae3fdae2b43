// Data movement: transpose and rectangular slices of batched row-major matrices, one invocation per output.

struct Params {
  rows: u32, cols: u32,        // source shape
  outRows: u32, outCols: u32,  // output shape
  r0: u32, c0: u32, total: u32, groupsX: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn flatIndex(wid: vec3<u32>, lid: vec3<u32>) -> u32 {
  return (wid.y * params.groupsX + wid.x) * 256u + lid.x;
}

@compute @workgroup_size(256, 1, 1)
fn transpose(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = flatIndex(wid, lid);
  if (idx >= params.total) { return; }
  let per = params.outRows * params.outCols;
  let z = idx / per;
  let rem = idx % per;
  let i = rem / params.outCols;   // output row = source column
  let j = rem % params.outCols;   // output column = source row
  dst[idx] = src[z * params.rows * params.cols + j * params.cols + i];
}

@compute @workgroup_size(256, 1, 1)
fn slice(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = flatIndex(wid, lid);
  if (idx >= params.total) { return; }
  let per = params.outRows * params.outCols;
  let z = idx / per;
  let rem = idx % per;
  let i = rem / params.outCols;
  let j = rem % params.outCols;
  dst[idx] = src[z * params.rows * params.cols + (params.r0 + i) * params.cols + params.c0 + j];
}
