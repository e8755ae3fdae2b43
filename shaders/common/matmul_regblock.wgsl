// Register-blocked matmul without workgroup memory or barriers: each invocation computes an 8×8 block of C.
// op(A) is m×k, op(B) is k×n, read through strides so one pipeline serves every transpose; z = batch·splits + split.
// Why this shape: on software adapters (SwiftShader) every storage load is a per-lane gather and every
// barrier a coroutine switch, so what pays is reusing each load 8 times from registers. The block is
// unrolled by hand (16 vec4 accumulators): loops over arrays would stay in memory there, 7× slower.
// With splits > 1 it writes one partial product per k-chunk and matmul_splitk.wgsl sums them.
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

override WG_X: u32 = 4u; // invocations along n per workgroup, 8 columns each
override WG_Y: u32 = 4u; // invocations along m per workgroup, 8 rows each

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 8u;
  let col0 = gid.x * 8u;
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
  var pb = batch * dims.strideB + k0 * dims.bInner + col0 * dims.bCol;
  let ob1 = (min(col0 + 1u, lastC) - col0) * dims.bCol;
  let ob2 = (min(col0 + 2u, lastC) - col0) * dims.bCol;
  let ob3 = (min(col0 + 3u, lastC) - col0) * dims.bCol;
  let ob4 = (min(col0 + 4u, lastC) - col0) * dims.bCol;
  let ob5 = (min(col0 + 5u, lastC) - col0) * dims.bCol;
  let ob6 = (min(col0 + 6u, lastC) - col0) * dims.bCol;
  let ob7 = (min(col0 + 7u, lastC) - col0) * dims.bCol;
  var acc0_0 = vec4<f32>(0.0);
  var acc0_1 = vec4<f32>(0.0);
  var acc1_0 = vec4<f32>(0.0);
  var acc1_1 = vec4<f32>(0.0);
  var acc2_0 = vec4<f32>(0.0);
  var acc2_1 = vec4<f32>(0.0);
  var acc3_0 = vec4<f32>(0.0);
  var acc3_1 = vec4<f32>(0.0);
  var acc4_0 = vec4<f32>(0.0);
  var acc4_1 = vec4<f32>(0.0);
  var acc5_0 = vec4<f32>(0.0);
  var acc5_1 = vec4<f32>(0.0);
  var acc6_0 = vec4<f32>(0.0);
  var acc6_1 = vec4<f32>(0.0);
  var acc7_0 = vec4<f32>(0.0);
  var acc7_1 = vec4<f32>(0.0);
  for (var i = k0; i < k1; i++) {
    let b0 = vec4<f32>(b[pb], b[pb + ob1], b[pb + ob2], b[pb + ob3]);
    let b1 = vec4<f32>(b[pb + ob4], b[pb + ob5], b[pb + ob6], b[pb + ob7]);
    let a0 = a[pa0];
    let a1 = a[pa1];
    let a2 = a[pa2];
    let a3 = a[pa3];
    let a4 = a[pa4];
    let a5 = a[pa5];
    let a6 = a[pa6];
    let a7 = a[pa7];
    acc0_0 += a0 * b0;
    acc0_1 += a0 * b1;
    acc1_0 += a1 * b0;
    acc1_1 += a1 * b1;
    acc2_0 += a2 * b0;
    acc2_1 += a2 * b1;
    acc3_0 += a3 * b0;
    acc3_1 += a3 * b1;
    acc4_0 += a4 * b0;
    acc4_1 += a4 * b1;
    acc5_0 += a5 * b0;
    acc5_1 += a5 * b1;
    acc6_0 += a6 * b0;
    acc6_1 += a6 * b1;
    acc7_0 += a7 * b0;
    acc7_1 += a7 * b1;
    pa0 += dims.aInner;
    pa1 += dims.aInner;
    pa2 += dims.aInner;
    pa3 += dims.aInner;
    pa4 += dims.aInner;
    pa5 += dims.aInner;
    pa6 += dims.aInner;
    pa7 += dims.aInner;
    pb += dims.bInner;
  }
  let baseC = gid.z * dims.strideC;
  storeRow(baseC, row0 + 0u, col0 + 0u, acc0_0);
  storeRow(baseC, row0 + 0u, col0 + 4u, acc0_1);
  storeRow(baseC, row0 + 1u, col0 + 0u, acc1_0);
  storeRow(baseC, row0 + 1u, col0 + 4u, acc1_1);
  storeRow(baseC, row0 + 2u, col0 + 0u, acc2_0);
  storeRow(baseC, row0 + 2u, col0 + 4u, acc2_1);
  storeRow(baseC, row0 + 3u, col0 + 0u, acc3_0);
  storeRow(baseC, row0 + 3u, col0 + 4u, acc3_1);
  storeRow(baseC, row0 + 4u, col0 + 0u, acc4_0);
  storeRow(baseC, row0 + 4u, col0 + 4u, acc4_1);
  storeRow(baseC, row0 + 5u, col0 + 0u, acc5_0);
  storeRow(baseC, row0 + 5u, col0 + 4u, acc5_1);
  storeRow(baseC, row0 + 6u, col0 + 0u, acc6_0);
  storeRow(baseC, row0 + 6u, col0 + 4u, acc6_1);
  storeRow(baseC, row0 + 7u, col0 + 0u, acc7_0);
  storeRow(baseC, row0 + 7u, col0 + 4u, acc7_1);
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
