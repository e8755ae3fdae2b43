// Register-blocked matmul without workgroup memory or barriers: each invocation computes a 4×4 block of C.
// A is (batch, m, k) row-major, or (batch, k, m) when transA; B is (batch, k, n), or (batch, n, k) when transB.
// Suits CPU-backed (software) adapters, where workgroup memory saves nothing and each barrier is a
// coroutine switch; every storage load is reused 4 times from registers.

struct Dims {
  m: u32, n: u32, k: u32, transA: u32,
  transB: u32, strideA: u32, strideB: u32, strideC: u32,
  alpha: f32, _pad0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override WG_X: u32 = 8u; // invocations along n per workgroup, 4 columns each
override WG_Y: u32 = 8u; // invocations along m per workgroup, 4 rows each

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 4u;
  let col0 = gid.x * 4u;
  if (row0 >= dims.m || col0 >= dims.n) { return; }
  let tA = dims.transA == 1u;
  let tB = dims.transB == 1u;
  // op(A)[r, i] = a[r * aRow + i * aInner]; op(B)[i, j] = b[i * bInner + j * bCol]
  let aRow = select(dims.k, 1u, tA);
  let aInner = select(1u, dims.m, tA);
  let bInner = select(dims.n, 1u, tB);
  let bCol = select(1u, dims.k, tB);
  // Rows and columns past the edge read the last valid one; their results are never written.
  let lastR = dims.m - 1u;
  let lastC = dims.n - 1u;
  let baseA = gid.z * dims.strideA;
  var pa0 = baseA + row0 * aRow;
  var pa1 = baseA + min(row0 + 1u, lastR) * aRow;
  var pa2 = baseA + min(row0 + 2u, lastR) * aRow;
  var pa3 = baseA + min(row0 + 3u, lastR) * aRow;
  var pb = gid.z * dims.strideB + col0 * bCol;
  let ob1 = (min(col0 + 1u, lastC) - col0) * bCol;
  let ob2 = (min(col0 + 2u, lastC) - col0) * bCol;
  let ob3 = (min(col0 + 3u, lastC) - col0) * bCol;

  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var i = 0u; i < dims.k; i++) {
    let bv = vec4<f32>(b[pb], b[pb + ob1], b[pb + ob2], b[pb + ob3]);
    acc0 += a[pa0] * bv;
    acc1 += a[pa1] * bv;
    acc2 += a[pa2] * bv;
    acc3 += a[pa3] * bv;
    pa0 += aInner;
    pa1 += aInner;
    pa2 += aInner;
    pa3 += aInner;
    pb += bInner;
  }

  let baseC = gid.z * dims.strideC;
  storeRow(baseC, row0, col0, acc0);
  storeRow(baseC, row0 + 1u, col0, acc1);
  storeRow(baseC, row0 + 2u, col0, acc2);
  storeRow(baseC, row0 + 3u, col0, acc3);
}

fn storeRow(baseC: u32, r: u32, col0: u32, v: vec4<f32>) {
  if (r >= dims.m) { return; }
  let p = baseC + r * dims.n + col0;
  let s = dims.alpha * v;
  c[p] = s.x;
  if (col0 + 1u < dims.n) { c[p + 1u] = s.y; }
  if (col0 + 2u < dims.n) { c[p + 2u] = s.z; }
  if (col0 + 3u < dims.n) { c[p + 3u] = s.w; }
}
