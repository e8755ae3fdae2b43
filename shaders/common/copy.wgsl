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
  let per = params.outRows * params.outCols;
  let z = idx / per;
  let rem = idx % per;
  let i = rem / params.outCols;   // output row = source column
  let j = rem % params.outCols;   // output column = source row
  dst[idx] = src[z * params.rows * params.cols + j * params.cols + i];
}

@compute @workgroup_size(WG_SIZE)
fn slice(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let per = params.outRows * params.outCols;
  let z = idx / per;
  let rem = idx % per;
  let i = rem / params.outCols;
  let j = rem % params.outCols;
  dst[idx] = src[z * params.rows * params.cols + (params.r0 + i) * params.cols + params.c0 + j];
}
