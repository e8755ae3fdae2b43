// Per-matrix reductions the host reads to decide: input health (finite, symmetric, diagonal size) and Jacobi progress.
// One workgroup per batch item; a is (batch, rows, cols) row-major.
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32, outStride: u32,   // outStride: numbers written per batch item
  batch: u32,
}

@group(0) @binding(0) var<storage, read> matrix: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> partA: array<f32, WG_SIZE>;
var<workgroup> partB: array<f32, WG_SIZE>;
var<workgroup> partC: array<f32, WG_SIZE>;
var<workgroup> partD: array<f32, WG_SIZE>;

// WGSL compilers may assume NaN never occurs, so test the exponent bits instead of x != x.
fn isFinite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// stats[z*4 + 0..3] = [max |a_ij| over finite entries, max |a_ij − a_ji|, count of non-finite entries, min |a_ii|].
@compute @workgroup_size(WG_SIZE)
fn health(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let z = flatWorkgroup(wid, groups);
  if (z >= params.batch) { return; }
  let rows = params.rows;
  let cols = params.cols;
  let base = z * rows * cols;
  var largest = 0.0;
  var asymmetry = 0.0;
  var nonFinite = 0.0;
  var smallestDiagonal = 3.0e38;
  for (var e = lid.x; e < rows * cols; e += WG_SIZE) {
    let x = matrix[base + e];
    if (!isFinite(x)) { nonFinite += 1.0; continue; }
    largest = max(largest, abs(x));
    let i = e / cols;
    let j = e % cols;
    if (i == j) { smallestDiagonal = min(smallestDiagonal, abs(x)); }
    if (rows == cols && j > i) {
      let y = matrix[base + j * cols + i];
      if (isFinite(y)) { asymmetry = max(asymmetry, abs(x - y)); }
    }
  }
  partA[lid.x] = largest;
  partB[lid.x] = asymmetry;
  partC[lid.x] = nonFinite;
  partD[lid.x] = smallestDiagonal;
  workgroupBarrier();
  for (var s = WG_SIZE / 2u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      partA[lid.x] = max(partA[lid.x], partA[lid.x + s]);
      partB[lid.x] = max(partB[lid.x], partB[lid.x + s]);
      partC[lid.x] += partC[lid.x + s];
      partD[lid.x] = min(partD[lid.x], partD[lid.x + s]);
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    let o = z * params.outStride;
    stats[o] = partA[0];
    stats[o + 1u] = partB[0];
    stats[o + 2u] = partC[0];
    stats[o + 3u] = partD[0];
  }
}

// stats[z*(n+2) + 0..] = [Σ_{i≠j} a_ij², Σ a_ij², a_00, a_11, …]: off-diagonal mass and diagonal of a square matrix.
@compute @workgroup_size(WG_SIZE)
fn jacobi_progress(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let z = flatWorkgroup(wid, groups);
  if (z >= params.batch) { return; }
  let n = params.rows;
  let base = z * n * n;
  let o = z * params.outStride;
  var offDiagonal = 0.0;
  var total = 0.0;
  for (var e = lid.x; e < n * n; e += WG_SIZE) {
    let x = matrix[base + e];
    let sq = x * x;
    total += sq;
    let i = e / n;
    if (i == e % n) { stats[o + 2u + i] = x; } else { offDiagonal += sq; }
  }
  partA[lid.x] = offDiagonal;
  partB[lid.x] = total;
  workgroupBarrier();
  for (var s = WG_SIZE / 2u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      partA[lid.x] += partA[lid.x + s];
      partB[lid.x] += partB[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    stats[o] = partA[0];
    stats[o + 1u] = partB[0];
  }
}
