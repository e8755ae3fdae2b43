// Column gather: dst[z, i, j] = src[z, i, order[z·cols + j]], used to sort eigenvectors by eigenvalue.
// src and dst are (batch, rows, cols) row-major; order holds column indices as floats (exact below 2^24).

struct Params {
  rows: u32, cols: u32, total: u32, groupsX: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = (wid.y * params.groupsX + wid.x) * 256u + lid.x;
  if (idx >= params.total) { return; }
  let per = params.rows * params.cols;
  let z = idx / per;
  let rem = idx % per;
  let i = rem / params.cols;
  let j = rem % params.cols;
  let column = u32(order[z * params.cols + j]);
  dst[idx] = src[z * per + i * params.cols + column];
}
