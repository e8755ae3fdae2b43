// Data movement: transpose and rectangular slices of batched row-major matrices, one invocation per output.
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32,        // source shape
  outRows: u32, outCols: u32,  // output shape
  r0: u32, c0: u32, total: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn transpose(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let e = matrixEntry(idx, params.outRows, params.outCols);   // output (z, row = source column, column = source row)
  dst[idx] = src[e.x * params.rows * params.cols + e.z * params.cols + e.y];
}

@compute @workgroup_size(WG_SIZE)
fn slice(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let e = matrixEntry(idx, params.outRows, params.outCols);   // output (z, i, j)
  dst[idx] = src[e.x * params.rows * params.cols + (params.r0 + e.y) * params.cols + params.c0 + e.z];
}
