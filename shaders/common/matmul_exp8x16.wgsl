// EXPERIMENT exp8x16: register-blocked 8x16

struct Dims {
  m: u32, n: u32, k: u32, transA: u32,
  transB: u32, strideA: u32, strideB: u32, strideC: u32,
  alpha: f32, _pad0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;


override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 8u;
  let col0 = gid.x * 16u;
  if (row0 >= dims.m || col0 >= dims.n) { return; }
  let tA = dims.transA == 1u;
  let tB = dims.transB == 1u;
  let aRow = select(dims.k, 1u, tA);
  let aInner = select(1u, dims.m, tA);
  let bInner = select(dims.n, 1u, tB);
  let bCol = select(1u, dims.k, tB);
  let lastR = dims.m - 1u;
  let lastC = dims.n - 1u;
  let baseA = gid.z * dims.strideA;
  var pb = gid.z * dims.strideB + col0 * bCol;
  var pa0 = baseA + min(row0 + 0u, lastR) * aRow;
  var pa1 = baseA + min(row0 + 1u, lastR) * aRow;
  var pa2 = baseA + min(row0 + 2u, lastR) * aRow;
  var pa3 = baseA + min(row0 + 3u, lastR) * aRow;
  var pa4 = baseA + min(row0 + 4u, lastR) * aRow;
  var pa5 = baseA + min(row0 + 5u, lastR) * aRow;
  var pa6 = baseA + min(row0 + 6u, lastR) * aRow;
  var pa7 = baseA + min(row0 + 7u, lastR) * aRow;
  let ob1 = (min(col0 + 1u, lastC) - col0) * bCol;
  let ob2 = (min(col0 + 2u, lastC) - col0) * bCol;
  let ob3 = (min(col0 + 3u, lastC) - col0) * bCol;
  let ob4 = (min(col0 + 4u, lastC) - col0) * bCol;
  let ob5 = (min(col0 + 5u, lastC) - col0) * bCol;
  let ob6 = (min(col0 + 6u, lastC) - col0) * bCol;
  let ob7 = (min(col0 + 7u, lastC) - col0) * bCol;
  let ob8 = (min(col0 + 8u, lastC) - col0) * bCol;
  let ob9 = (min(col0 + 9u, lastC) - col0) * bCol;
  let ob10 = (min(col0 + 10u, lastC) - col0) * bCol;
  let ob11 = (min(col0 + 11u, lastC) - col0) * bCol;
  let ob12 = (min(col0 + 12u, lastC) - col0) * bCol;
  let ob13 = (min(col0 + 13u, lastC) - col0) * bCol;
  let ob14 = (min(col0 + 14u, lastC) - col0) * bCol;
  let ob15 = (min(col0 + 15u, lastC) - col0) * bCol;
  var acc0_0 = vec4<f32>(0.0);
  var acc0_1 = vec4<f32>(0.0);
  var acc0_2 = vec4<f32>(0.0);
  var acc0_3 = vec4<f32>(0.0);
  var acc1_0 = vec4<f32>(0.0);
  var acc1_1 = vec4<f32>(0.0);
  var acc1_2 = vec4<f32>(0.0);
  var acc1_3 = vec4<f32>(0.0);
  var acc2_0 = vec4<f32>(0.0);
  var acc2_1 = vec4<f32>(0.0);
  var acc2_2 = vec4<f32>(0.0);
  var acc2_3 = vec4<f32>(0.0);
  var acc3_0 = vec4<f32>(0.0);
  var acc3_1 = vec4<f32>(0.0);
  var acc3_2 = vec4<f32>(0.0);
  var acc3_3 = vec4<f32>(0.0);
  var acc4_0 = vec4<f32>(0.0);
  var acc4_1 = vec4<f32>(0.0);
  var acc4_2 = vec4<f32>(0.0);
  var acc4_3 = vec4<f32>(0.0);
  var acc5_0 = vec4<f32>(0.0);
  var acc5_1 = vec4<f32>(0.0);
  var acc5_2 = vec4<f32>(0.0);
  var acc5_3 = vec4<f32>(0.0);
  var acc6_0 = vec4<f32>(0.0);
  var acc6_1 = vec4<f32>(0.0);
  var acc6_2 = vec4<f32>(0.0);
  var acc6_3 = vec4<f32>(0.0);
  var acc7_0 = vec4<f32>(0.0);
  var acc7_1 = vec4<f32>(0.0);
  var acc7_2 = vec4<f32>(0.0);
  var acc7_3 = vec4<f32>(0.0);
  for (var i = 0u; i < dims.k; i++) {
    let b0 = vec4<f32>(b[pb], b[pb + ob1], b[pb + ob2], b[pb + ob3]);
    let b1 = vec4<f32>(b[pb + ob4], b[pb + ob5], b[pb + ob6], b[pb + ob7]);
    let b2 = vec4<f32>(b[pb + ob8], b[pb + ob9], b[pb + ob10], b[pb + ob11]);
    let b3 = vec4<f32>(b[pb + ob12], b[pb + ob13], b[pb + ob14], b[pb + ob15]);
    let a0 = a[pa0];
    acc0_0 += a0 * b0;
    acc0_1 += a0 * b1;
    acc0_2 += a0 * b2;
    acc0_3 += a0 * b3;
    let a1 = a[pa1];
    acc1_0 += a1 * b0;
    acc1_1 += a1 * b1;
    acc1_2 += a1 * b2;
    acc1_3 += a1 * b3;
    let a2 = a[pa2];
    acc2_0 += a2 * b0;
    acc2_1 += a2 * b1;
    acc2_2 += a2 * b2;
    acc2_3 += a2 * b3;
    let a3 = a[pa3];
    acc3_0 += a3 * b0;
    acc3_1 += a3 * b1;
    acc3_2 += a3 * b2;
    acc3_3 += a3 * b3;
    let a4 = a[pa4];
    acc4_0 += a4 * b0;
    acc4_1 += a4 * b1;
    acc4_2 += a4 * b2;
    acc4_3 += a4 * b3;
    let a5 = a[pa5];
    acc5_0 += a5 * b0;
    acc5_1 += a5 * b1;
    acc5_2 += a5 * b2;
    acc5_3 += a5 * b3;
    let a6 = a[pa6];
    acc6_0 += a6 * b0;
    acc6_1 += a6 * b1;
    acc6_2 += a6 * b2;
    acc6_3 += a6 * b3;
    let a7 = a[pa7];
    acc7_0 += a7 * b0;
    acc7_1 += a7 * b1;
    acc7_2 += a7 * b2;
    acc7_3 += a7 * b3;
    pa0 += aInner;
    pa1 += aInner;
    pa2 += aInner;
    pa3 += aInner;
    pa4 += aInner;
    pa5 += aInner;
    pa6 += aInner;
    pa7 += aInner;
    pb += bInner;
  }
  let baseC = gid.z * dims.strideC;
  storeRow(baseC, row0 + 0u, col0 + 0u, acc0_0);
  storeRow(baseC, row0 + 0u, col0 + 4u, acc0_1);
  storeRow(baseC, row0 + 0u, col0 + 8u, acc0_2);
  storeRow(baseC, row0 + 0u, col0 + 12u, acc0_3);
  storeRow(baseC, row0 + 1u, col0 + 0u, acc1_0);
  storeRow(baseC, row0 + 1u, col0 + 4u, acc1_1);
  storeRow(baseC, row0 + 1u, col0 + 8u, acc1_2);
  storeRow(baseC, row0 + 1u, col0 + 12u, acc1_3);
  storeRow(baseC, row0 + 2u, col0 + 0u, acc2_0);
  storeRow(baseC, row0 + 2u, col0 + 4u, acc2_1);
  storeRow(baseC, row0 + 2u, col0 + 8u, acc2_2);
  storeRow(baseC, row0 + 2u, col0 + 12u, acc2_3);
  storeRow(baseC, row0 + 3u, col0 + 0u, acc3_0);
  storeRow(baseC, row0 + 3u, col0 + 4u, acc3_1);
  storeRow(baseC, row0 + 3u, col0 + 8u, acc3_2);
  storeRow(baseC, row0 + 3u, col0 + 12u, acc3_3);
  storeRow(baseC, row0 + 4u, col0 + 0u, acc4_0);
  storeRow(baseC, row0 + 4u, col0 + 4u, acc4_1);
  storeRow(baseC, row0 + 4u, col0 + 8u, acc4_2);
  storeRow(baseC, row0 + 4u, col0 + 12u, acc4_3);
  storeRow(baseC, row0 + 5u, col0 + 0u, acc5_0);
  storeRow(baseC, row0 + 5u, col0 + 4u, acc5_1);
  storeRow(baseC, row0 + 5u, col0 + 8u, acc5_2);
  storeRow(baseC, row0 + 5u, col0 + 12u, acc5_3);
  storeRow(baseC, row0 + 6u, col0 + 0u, acc6_0);
  storeRow(baseC, row0 + 6u, col0 + 4u, acc6_1);
  storeRow(baseC, row0 + 6u, col0 + 8u, acc6_2);
  storeRow(baseC, row0 + 6u, col0 + 12u, acc6_3);
  storeRow(baseC, row0 + 7u, col0 + 0u, acc7_0);
  storeRow(baseC, row0 + 7u, col0 + 4u, acc7_1);
  storeRow(baseC, row0 + 7u, col0 + 8u, acc7_2);
  storeRow(baseC, row0 + 7u, col0 + 12u, acc7_3);
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
