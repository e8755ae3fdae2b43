// Split-k second pass: C[b] = alpha · Σ_s partial[b, s], where the first pass (matmul_regblock or
// matmul_skinny with splits > 1) left one m×n partial product per k-chunk, laid out (batch, splits, m·n).
// Snippets: flat_index.

struct Dims {
  total: u32, mn: u32, splits: u32, alpha: f32,
}

@group(0) @binding(0) var<storage, read> partial: array<f32>;
@group(0) @binding(1) var<storage, read_write> c: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= dims.total) { return; }
  let batch = idx / dims.mn;
  var p = batch * dims.splits * dims.mn + idx % dims.mn;
  var sum = 0.0;
  for (var s = 0u; s < dims.splits; s++) {
    sum += partial[p];
    p += dims.mn;
  }
  c[idx] = dims.alpha * sum;
}
