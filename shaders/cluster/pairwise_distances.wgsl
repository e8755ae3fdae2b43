// Squared Euclidean distances from a Gram matrix: dist[z,i,j] = max(xx[z,i] + yy[z,j] − 2·gram[z,i,j], 0).
// gram is (batch, rows, cols) = X·Yᵀ; xx holds ‖x_i‖² and yy holds ‖y_j‖² (a stride of 0 shares one vector over the batch).
// The clamp at 0 removes the small negatives that cancellation leaves for near-duplicate points.

struct Params {
  rows: u32, cols: u32, total: u32, groupsX: u32,
  xxStride: u32, yyStride: u32, _pad0: u32, _pad1: u32,
}

@group(0) @binding(0) var<storage, read> gram: array<f32>;
@group(0) @binding(1) var<storage, read> xx: array<f32>;
@group(0) @binding(2) var<storage, read> yy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dist: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = (wid.y * params.groupsX + wid.x) * 256u + lid.x;
  if (idx >= params.total) { return; }
  let per = params.rows * params.cols;
  let z = idx / per;
  let rem = idx % per;
  let i = rem / params.cols;
  let j = rem % params.cols;
  let d = xx[z * params.xxStride + i] + yy[z * params.yyStride + j] - 2.0 * gram[idx];
  dist[idx] = max(d, 0.0);
}
