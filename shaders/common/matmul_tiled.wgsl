// Tiled matmul C[b] = op(A[b]) · op(B[b]): 64×64 output tile per workgroup, 4×4 per invocation.
// A is (batch, m, k) row-major, or (batch, k, m) when transA; B is (batch, k, n), or (batch, n, k) when transB.

struct Dims {
  m: u32, n: u32, k: u32, transA: u32,
  transB: u32, strideA: u32, strideB: u32, strideC: u32,
  alpha: f32, _pad0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE_M: u32 = 64u;
const TILE_N: u32 = 64u;
const TILE_K: u32 = 16u;

var<workgroup> tileA: array<f32, 1024>; // TILE_K × TILE_M, stored k-major so a thread reads 4 consecutive m
var<workgroup> tileB: array<f32, 1024>; // TILE_K × TILE_N

fn loadA(base: u32, row: u32, col: u32) -> f32 {
  // element (row, col) of op(A), zero outside
  if (row >= dims.m || col >= dims.k) { return 0.0; }
  if (dims.transA == 1u) { return a[base + col * dims.m + row]; }
  return a[base + row * dims.k + col];
}

fn loadB(base: u32, row: u32, col: u32) -> f32 {
  if (row >= dims.k || col >= dims.n) { return 0.0; }
  if (dims.transB == 1u) { return b[base + col * dims.k + row]; }
  return b[base + row * dims.n + col];
}

@compute @workgroup_size(16, 16, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let batch = wid.z;
  let baseA = batch * dims.strideA;
  let baseB = batch * dims.strideB;
  let baseC = batch * dims.strideC;
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  let tid = lid.y * 16u + lid.x;

  var acc: array<f32, 16>;
  for (var i = 0u; i < 16u; i++) { acc[i] = 0.0; }

  let numTiles = (dims.k + TILE_K - 1u) / TILE_K;
  for (var t = 0u; t < numTiles; t++) {
    let k0 = t * TILE_K;
    // 256 invocations load 1024 entries of each tile: 4 apiece.
    for (var l = 0u; l < 4u; l++) {
      let idx = tid + l * 256u;
      // tileA[kk * 64 + mm] = op(A)[row0 + mm, k0 + kk]
      let kk = idx / TILE_M;
      let mm = idx % TILE_M;
      tileA[idx] = loadA(baseA, row0 + mm, k0 + kk);
      // tileB[kk * 64 + nn] = op(B)[k0 + kk, col0 + nn]
      let nn = idx % TILE_N;
      tileB[idx] = loadB(baseB, k0 + kk, col0 + nn);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tileA[kk * TILE_M + lid.y * 4u + i];
        bv[i] = tileB[kk * TILE_N + lid.x * 4u + i];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
          acc[i * 4u + j] = fma(av[i], bv[j], acc[i * 4u + j]);
        }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y * 4u + i;
    if (r >= dims.m) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let cc = col0 + lid.x * 4u + j;
      if (cc < dims.n) { c[baseC + r * dims.n + cc] = dims.alpha * acc[i * 4u + j]; }
    }
  }
}
