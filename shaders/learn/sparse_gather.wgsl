// ∂L/∂S on a fixed sparse support: values[k] = dense[support[k]], one invocation per support entry (no atomics).

struct Params {
  nnz: u32, groupsX: u32, _pad0: u32, _pad1: u32,
}

@group(0) @binding(0) var<storage, read> dense: array<f32>;     // (rows, cols), row-major
@group(0) @binding(1) var<storage, read> support: array<f32>;   // flat indices i·cols + j as floats, ascending
@group(0) @binding(2) var<storage, read_write> values: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = (wid.y * params.groupsX + wid.x) * 256u + lid.x;
  if (k >= params.nnz) { return; }
  values[k] = dense[u32(support[k] + 0.5)];
}
