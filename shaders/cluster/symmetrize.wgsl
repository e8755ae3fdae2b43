// Affinity symmetrization of square matrices: out[z,i,j] = scale·(f(a[z,i,j]) + f(a[z,j,i])), f = |·| when ABS = 1.
// |C| + |C|ᵀ for self-expression coefficients (ABS = 1, scale 1); ½(A + Aᵀ) for a kNN connectivity graph (ABS = 0, scale ½).
// With ZERO_DIAGONAL = 1 the diagonal is written as 0 (no self-loops).

struct Params {
  n: u32, total: u32, groupsX: u32, scale: f32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> outp: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override ABS: u32 = 1u;
override ZERO_DIAGONAL: u32 = 0u;

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = (wid.y * params.groupsX + wid.x) * 256u + lid.x;
  if (idx >= params.total) { return; }
  let n = params.n;
  let per = n * n;
  let z = idx / per;
  let i = (idx % per) / n;
  let j = idx % n;
  if (ZERO_DIAGONAL == 1u && i == j) {
    outp[idx] = 0.0;
    return;
  }
  var x = a[idx];
  var y = a[z * per + j * n + i];
  if (ABS == 1u) {
    x = abs(x);
    y = abs(y);
  }
  outp[idx] = params.scale * (x + y);
}
