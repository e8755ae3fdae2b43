// W = baseScale·base + S with S on a fixed sparse support (CSR order), scatter-free: each output entry is owned by
// one invocation, which binary-searches its row's segment of the support for its column.
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32,
  baseScale: f32,
}

@group(0) @binding(0) var<storage, read> base: array<f32>;      // (rows, cols)
@group(0) @binding(1) var<storage, read> support: array<f32>;   // flat indices as floats, ascending
@group(0) @binding(2) var<storage, read> rowStart: array<f32>;  // (rows + 1): row i's entries are [rowStart[i], rowStart[i+1])
@group(0) @binding(3) var<storage, read> values: array<f32>;    // (nnz)
@group(0) @binding(4) var<storage, read_write> out: array<f32>; // (rows, cols)
@group(0) @binding(5) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.rows * params.cols) { return; }
  let i = idx / params.cols;
  var lo = u32(rowStart[i] + 0.5);
  var hi = u32(rowStart[i + 1u] + 0.5);
  var sparse = 0.0;
  // lower bound of idx in support[lo, hi)
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (u32(support[mid] + 0.5) < idx) { lo = mid + 1u; } else { hi = mid; }
  }
  if (lo < u32(rowStart[i + 1u] + 0.5) && u32(support[lo] + 0.5) == idx) { sparse = values[lo]; }
  out[idx] = params.baseScale * base[idx] + sparse;
}
