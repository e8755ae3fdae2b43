// Squared Euclidean distances from a Gram matrix: dist[z,i,j] = max(xx[z,i] + yy[z,j] − 2·gram[z,i,j], 0).
// gram is (batch, rows, cols) = X·Yᵀ; xx holds ‖x_i‖² and yy holds ‖y_j‖² (a stride of 0 shares one vector over the batch).
// The clamp at 0 removes the small negatives that cancellation leaves for near-duplicate points.
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32, total: u32,
  xxStride: u32, yyStride: u32,
}

@group(0) @binding(0) var<storage, read> gram: array<f32>;
@group(0) @binding(1) var<storage, read> xx: array<f32>;
@group(0) @binding(2) var<storage, read> yy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dist: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let e = matrixEntry(idx, params.rows, params.cols);   // (z, i, j)
  let d = xx[e.x * params.xxStride + e.y] + yy[e.x * params.yyStride + e.z] - 2.0 * gram[idx];
  dist[idx] = max(d, 0.0);
}
