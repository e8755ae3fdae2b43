// Index gather of rows: out[i, :] = source[indices[offset + i], :], one invocation per output entry.
// Mini-batches come out of the device-resident dataset this way, from a seeded permutation.
// Snippets: flat_index.

struct Params {
  count: u32, cols: u32, offset: u32,
  sourceRows: u32,
}

@group(0) @binding(0) var<storage, read> source: array<f32>;    // (sourceRows, cols)
@group(0) @binding(1) var<storage, read> indices: array<f32>;   // row indices as floats (exact below 2^24)
@group(0) @binding(2) var<storage, read_write> out: array<f32>; // (count, cols)
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.count * params.cols) { return; }
  let i = idx / params.cols;
  let j = idx % params.cols;
  let row = min(u32(indices[params.offset + i] + 0.5), params.sourceRows - 1u);
  out[idx] = source[row * params.cols + j];
}
