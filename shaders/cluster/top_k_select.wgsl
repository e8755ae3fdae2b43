// Keeps the k best entries of every line (a row or a column) of every batch item and zeroes the rest.
// MODE 0, nearest-neighbor connectivity: best = smallest values, kept entries become 1 (src holds distances).
// MODE 1, top coefficients: best = largest |values|, kept entries keep their value (src holds C).
// One invocation per line, with a sorted insertion list of at most MAX_K entries; ties keep the lower index,
// which is what the float64 twin in src/cluster/affinityKernels.ts does.
// Snippets: flat_index.

struct Params {
  lines: u32, length: u32, lineStride: u32, elemStride: u32,
  batchStride: u32, total: u32, k: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override MODE: u32 = 0u;
const MAX_K: u32 = 64u;

fn keyOf(v: f32) -> f32 {
  if (MODE == 0u) { return -v; }
  return abs(v);
}

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let t = flatIndex(ids);
  if (t >= params.total) { return; }
  let z = t / params.lines;
  let line = t % params.lines;
  let base = z * params.batchStride + line * params.lineStride;
  let k = min(params.k, MAX_K);
  var keys: array<f32, 64>;
  var picks: array<u32, 64>;
  var count = 0u;
  for (var e = 0u; e < params.length; e++) {
    let key = keyOf(src[base + e * params.elemStride]);
    var pos = 0u;
    if (count < k) {
      pos = count;
      count++;
    } else if (key > keys[k - 1u]) {
      pos = k - 1u;
    } else {
      continue;
    }
    while (pos > 0u && keys[pos - 1u] < key) {
      keys[pos] = keys[pos - 1u];
      picks[pos] = picks[pos - 1u];
      pos--;
    }
    keys[pos] = key;
    picks[pos] = e;
  }
  for (var e = 0u; e < params.length; e++) { dst[base + e * params.elemStride] = 0.0; }
  for (var p = 0u; p < count; p++) {
    let at = base + picks[p] * params.elemStride;
    if (MODE == 0u) { dst[at] = 1.0; } else { dst[at] = src[at]; }
  }
}
