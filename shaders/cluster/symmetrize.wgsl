// Affinity symmetrization of square matrices: out[z,i,j] = scale·(f(a[z,i,j]) + f(a[z,j,i])), f = |·| when ABS = 1.
// |C| + |C|ᵀ for self-expression coefficients (ABS = 1, scale 1); ½(A + Aᵀ) for a kNN connectivity graph (ABS = 0, scale ½).
// With ZERO_DIAGONAL = 1 the diagonal is written as 0 (no self-loops).
// Snippets: flat_index.

struct Params {
  n: u32, total: u32, scale: f32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> outp: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override ABS: u32 = 1u;
override ZERO_DIAGONAL: u32 = 0u;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let n = params.n;
  let e = matrixEntry(idx, n, n);   // (z, i, j)
  if (ZERO_DIAGONAL == 1u && e.y == e.z) {
    outp[idx] = 0.0;
    return;
  }
  var x = a[idx];
  var y = a[(e.x * n + e.z) * n + e.y];
  if (ABS == 1u) {
    x = abs(x);
    y = abs(y);
  }
  outp[idx] = params.scale * (x + y);
}
