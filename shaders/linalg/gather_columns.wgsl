// Column gather: dst[z, i, j] = src[z, i, order[z·cols + j]], used to sort eigenvectors by eigenvalue.
// src and dst are (batch, rows, cols) row-major; order holds column indices as floats (exact below 2^24).
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32, total: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let e = matrixEntry(idx, params.rows, params.cols);   // (z, i, j)
  let column = u32(order[e.x * params.cols + e.z]);
  dst[idx] = src[(e.x * params.rows + e.y) * params.cols + column];
}
