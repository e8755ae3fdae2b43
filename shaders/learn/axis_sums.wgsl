// Sums along one axis with one invocation per output, a plain serial loop and no barriers: bias gradients
// (column sums of a mini-batch gradient) and group sums (row sums). Small outputs make a tree reduction with one
// workgroup per output slow on software adapters; this keeps every invocation busy instead.

struct Params {
  rows: u32, cols: u32, groupsX: u32, _pad0: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;        // (rows, cols)
@group(0) @binding(1) var<storage, read_write> out: array<f32>; // (1, cols) or (rows, 1)
@group(0) @binding(2) var<uniform> params: Params;

override ALONG_ROWS: u32 = 0u;  // 0: out[j] = Σ_i a[i, j] (per column); 1: out[i] = Σ_j a[i, j] (per row)

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = (wid.y * params.groupsX + wid.x) * 64u + lid.x;
  let outputs = select(params.cols, params.rows, ALONG_ROWS == 1u);
  if (k >= outputs) { return; }
  var total = 0.0;
  if (ALONG_ROWS == 1u) {
    for (var j = 0u; j < params.cols; j++) { total += a[k * params.cols + j]; }
  } else {
    for (var i = 0u; i < params.rows; i++) { total += a[i * params.cols + k]; }
  }
  out[k] = total;
}
