// Narrow register-blocked matmul for outputs with a side ≤ 4 (matrix–vector, X·P with few columns):
// each invocation computes 16 rows × 4 columns of C, the 4 along the short side (the plan swaps operands,
// computing Cᵀ = op(B)ᵀ·op(A)ᵀ, when the short side is m). Same layout, strides and split-k as
// matmul_regblock.wgsl; unrolled by hand for the same reason.
// op(A)[r, i] = a[r·aRow + i·aInner], op(B)[i, j] = b[i·bInner + j·bCol], C[r, j] = c[r·cRow + j·cCol],
// each offset by its batch stride (0 broadcasts a batch of 1); z-slice s sums i in [s·kChunk, (s+1)·kChunk).
struct Dims {
  m: u32, n: u32, k: u32, kChunk: u32,
  aRow: u32, aInner: u32, bInner: u32, bCol: u32,
  cRow: u32, cCol: u32, splits: u32, _pad: u32,
  strideA: u32, strideB: u32, strideC: u32, alpha: f32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override WG_X: u32 = 4u; // invocations along n per workgroup, 4 columns each
override WG_Y: u32 = 4u; // invocations along m per workgroup, 16 rows each

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 16u;
  let col0 = gid.x * 4u;
  if (row0 >= dims.m || col0 >= dims.n) { return; }
  // gid.z = batch * splits + split; this invocation sums inner indices [k0, k1).
  let batch = gid.z / dims.splits;
  let k0 = (gid.z % dims.splits) * dims.kChunk;
  let k1 = min(k0 + dims.kChunk, dims.k);
  // Rows and columns past the edge read the last valid one; their results are never written.
  let lastR = dims.m - 1u;
  let lastC = dims.n - 1u;
  let baseA = batch * dims.strideA + k0 * dims.aInner;
  var pa0 = baseA + row0 * dims.aRow;
  var pa1 = baseA + min(row0 + 1u, lastR) * dims.aRow;
  var pa2 = baseA + min(row0 + 2u, lastR) * dims.aRow;
  var pa3 = baseA + min(row0 + 3u, lastR) * dims.aRow;
  var pa4 = baseA + min(row0 + 4u, lastR) * dims.aRow;
  var pa5 = baseA + min(row0 + 5u, lastR) * dims.aRow;
  var pa6 = baseA + min(row0 + 6u, lastR) * dims.aRow;
  var pa7 = baseA + min(row0 + 7u, lastR) * dims.aRow;
  var pa8 = baseA + min(row0 + 8u, lastR) * dims.aRow;
  var pa9 = baseA + min(row0 + 9u, lastR) * dims.aRow;
  var pa10 = baseA + min(row0 + 10u, lastR) * dims.aRow;
  var pa11 = baseA + min(row0 + 11u, lastR) * dims.aRow;
  var pa12 = baseA + min(row0 + 12u, lastR) * dims.aRow;
  var pa13 = baseA + min(row0 + 13u, lastR) * dims.aRow;
  var pa14 = baseA + min(row0 + 14u, lastR) * dims.aRow;
  var pa15 = baseA + min(row0 + 15u, lastR) * dims.aRow;
  var pb = batch * dims.strideB + k0 * dims.bInner + col0 * dims.bCol;
  let ob1 = (min(col0 + 1u, lastC) - col0) * dims.bCol;
  let ob2 = (min(col0 + 2u, lastC) - col0) * dims.bCol;
  let ob3 = (min(col0 + 3u, lastC) - col0) * dims.bCol;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  var acc8 = vec4<f32>(0.0);
  var acc9 = vec4<f32>(0.0);
  var acc10 = vec4<f32>(0.0);
  var acc11 = vec4<f32>(0.0);
  var acc12 = vec4<f32>(0.0);
  var acc13 = vec4<f32>(0.0);
  var acc14 = vec4<f32>(0.0);
  var acc15 = vec4<f32>(0.0);
  for (var i = k0; i < k1; i++) {
    let b0 = vec4<f32>(b[pb], b[pb + ob1], b[pb + ob2], b[pb + ob3]);
    let a0 = a[pa0];
    let a1 = a[pa1];
    let a2 = a[pa2];
    let a3 = a[pa3];
    let a4 = a[pa4];
    let a5 = a[pa5];
    let a6 = a[pa6];
    let a7 = a[pa7];
    let a8 = a[pa8];
    let a9 = a[pa9];
    let a10 = a[pa10];
    let a11 = a[pa11];
    let a12 = a[pa12];
    let a13 = a[pa13];
    let a14 = a[pa14];
    let a15 = a[pa15];
    acc0 += a0 * b0;
    acc1 += a1 * b0;
    acc2 += a2 * b0;
    acc3 += a3 * b0;
    acc4 += a4 * b0;
    acc5 += a5 * b0;
    acc6 += a6 * b0;
    acc7 += a7 * b0;
    acc8 += a8 * b0;
    acc9 += a9 * b0;
    acc10 += a10 * b0;
    acc11 += a11 * b0;
    acc12 += a12 * b0;
    acc13 += a13 * b0;
    acc14 += a14 * b0;
    acc15 += a15 * b0;
    pa0 += dims.aInner;
    pa1 += dims.aInner;
    pa2 += dims.aInner;
    pa3 += dims.aInner;
    pa4 += dims.aInner;
    pa5 += dims.aInner;
    pa6 += dims.aInner;
    pa7 += dims.aInner;
    pa8 += dims.aInner;
    pa9 += dims.aInner;
    pa10 += dims.aInner;
    pa11 += dims.aInner;
    pa12 += dims.aInner;
    pa13 += dims.aInner;
    pa14 += dims.aInner;
    pa15 += dims.aInner;
    pb += dims.bInner;
  }
  let baseC = gid.z * dims.strideC;
  storeRow(baseC, row0 + 0u, col0 + 0u, acc0);
  storeRow(baseC, row0 + 1u, col0 + 0u, acc1);
  storeRow(baseC, row0 + 2u, col0 + 0u, acc2);
  storeRow(baseC, row0 + 3u, col0 + 0u, acc3);
  storeRow(baseC, row0 + 4u, col0 + 0u, acc4);
  storeRow(baseC, row0 + 5u, col0 + 0u, acc5);
  storeRow(baseC, row0 + 6u, col0 + 0u, acc6);
  storeRow(baseC, row0 + 7u, col0 + 0u, acc7);
  storeRow(baseC, row0 + 8u, col0 + 0u, acc8);
  storeRow(baseC, row0 + 9u, col0 + 0u, acc9);
  storeRow(baseC, row0 + 10u, col0 + 0u, acc10);
  storeRow(baseC, row0 + 11u, col0 + 0u, acc11);
  storeRow(baseC, row0 + 12u, col0 + 0u, acc12);
  storeRow(baseC, row0 + 13u, col0 + 0u, acc13);
  storeRow(baseC, row0 + 14u, col0 + 0u, acc14);
  storeRow(baseC, row0 + 15u, col0 + 0u, acc15);
}

// Writes up to 4 consecutive entries of row r of C (or of a split-k partial) that lie inside it.
fn storeRow(baseC: u32, r: u32, col0: u32, v: vec4<f32>) {
  if (r >= dims.m || col0 >= dims.n) { return; }
  let p = baseC + r * dims.cRow + col0 * dims.cCol;
  let s = dims.alpha * v;
  c[p] = s.x;
  if (col0 + 1u < dims.n) { c[p + dims.cCol] = s.y; }
  if (col0 + 2u < dims.n) { c[p + 2u * dims.cCol] = s.z; }
  if (col0 + 3u < dims.n) { c[p + 3u * dims.cCol] = s.w; }
}
