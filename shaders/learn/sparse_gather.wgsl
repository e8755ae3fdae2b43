// ∂L/∂S on a fixed sparse support: values[k] = dense[support[k]], one invocation per support entry (no atomics).
// Snippets: flat_index.

struct Params {
  nnz: u32,
}

@group(0) @binding(0) var<storage, read> dense: array<f32>;     // (rows, cols), row-major
@group(0) @binding(1) var<storage, read> support: array<f32>;   // flat indices i·cols + j as floats, ascending
@group(0) @binding(2) var<storage, read_write> values: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let k = flatIndex(ids);
  if (k >= params.nnz) { return; }
  values[k] = dense[u32(support[k] + 0.5)];
}
