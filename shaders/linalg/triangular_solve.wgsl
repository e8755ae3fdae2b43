// Triangular solve op(T)·X = B by substitution, one invocation per right-hand-side column.
// tri is (batchT, n, n) with batchT 1 (broadcast) or batch; rhs and solution are (batch, n, k).
// op(T) = T or Tᵀ (transpose = 1); forward = 1 when op(T) is lower triangular. The other triangle is never read.
// Snippets: flat_index.

struct Params {
  n: u32, k: u32, triStride: u32, forward: u32,
  transpose: u32,
}

@group(0) @binding(0) var<storage, read> tri: array<f32>;
@group(0) @binding(1) var<storage, read> rhs: array<f32>;
@group(0) @binding(2) var<storage, read_write> solution: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn opT(base: u32, i: u32, j: u32) -> f32 {
  if (params.transpose == 1u) { return tri[base + j * params.n + i]; }
  return tri[base + i * params.n + j];
}

// The grid's z is the batch item (dispatchFlat's batch).
@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let c = flatIndex(ids);
  let n = params.n;
  let k = params.k;
  if (c >= k) { return; }
  let tBase = ids.wid.z * params.triStride;
  let xBase = ids.wid.z * n * k;
  for (var iteration = 0u; iteration < n; iteration++) {
    let i = select(n - 1u - iteration, iteration, params.forward == 1u);
    var s = rhs[xBase + i * k + c];
    if (params.forward == 1u) {
      for (var j = 0u; j < i; j++) { s = fma(-opT(tBase, i, j), solution[xBase + j * k + c], s); }
    } else {
      for (var j = i + 1u; j < n; j++) { s = fma(-opT(tBase, i, j), solution[xBase + j * k + c], s); }
    }
    solution[xBase + i * k + c] = s / opT(tBase, i, i);
  }
}
