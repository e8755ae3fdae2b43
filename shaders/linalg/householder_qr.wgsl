// Householder QR, one column per workgroup: apply the previous reflector, build the next, accumulate thin Q, extract R.
// Matrices are stored transposed so each column is a contiguous row: work is Aᵀ, (batch, n, m).
// Reflector j is H_j = I − 2·u_j·u_jᵀ with unit u_j, zero above entry j; it is row j of `reflectors` (batch, n, m).
// Mirrors the float64 twin in src/linalg/qrKernels.ts.

struct Params {
  rows: u32,   // m: length of each stored column
  cols: u32,   // n: number of columns
  step: u32,   // j
  _pad: u32,
}

@group(0) @binding(0) var<storage, read_write> work: array<f32>;
@group(0) @binding(1) var<storage, read_write> reflectors: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 64u; // a power of two

var<workgroup> partial: array<f32, WG>;

// Sum of one value per invocation, returned to every invocation. Call from uniform control flow.
fn workgroupSum(lid: u32, v: f32) -> f32 {
  partial[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}

// Step j: workgroup x handles column k = j + x. It applies H_{j−1} (built by the previous step) to column k;
// the workgroup of column j then builds H_j from it (Parlett's sign choice keeps R_jj = ‖x‖ ≥ 0).
// Afterwards column k holds R[0..j, k] in entries 0..j; R_jj sits at entry j of column j.
@compute @workgroup_size(WG)
fn householderStep(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let m = params.rows;
  let n = params.cols;
  let j = params.step;
  let k = j + wid.x;
  let item = wid.y * n * m;
  let col = item + k * m;
  if (j > 0u) {
    let u = item + (j - 1u) * m;
    var d = 0.0;
    for (var i = j - 1u + lid; i < m; i += WG) { d = fma(reflectors[u + i], work[col + i], d); }
    let w = 2.0 * workgroupSum(lid, d);
    for (var i = j - 1u + lid; i < m; i += WG) { work[col + i] = work[col + i] - w * reflectors[u + i]; }
  }
  if (k != j) { return; }
  storageBarrier();
  var s = 0.0;
  for (var i = j + 1u + lid; i < m; i += WG) { let x = work[col + i]; s = fma(x, x, s); }
  let sigma = workgroupSum(lid, s);
  let x0 = work[col + j];
  let norm = sqrt(x0 * x0 + sigma);
  var v0 = x0 - norm;
  if (x0 > 0.0) { v0 = -sigma / (x0 + norm); }
  let vv = v0 * v0 + sigma;
  let inv = select(0.0, 1.0 / sqrt(vv), vv > 0.0);
  let u = item + j * m;
  for (var i = j + 1u + lid; i < m; i += WG) { reflectors[u + i] = work[col + i] * inv; }
  // Read x0 and the sub-column before entry j of the column is overwritten by R_jj.
  storageBarrier();
  if (lid == 0u) {
    reflectors[u + j] = v0 * inv;
    work[col + j] = norm;
  }
}

// Backward accumulation of thin Q = H_0 ⋯ H_{n−1}·[I; 0], stored transposed in `work` (batch, n, m).
// Step j (from n−1 down to 0): workgroup x applies H_j to column k = j + x; column j starts as e_j here.
@compute @workgroup_size(WG)
fn householderAccumulate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let m = params.rows;
  let n = params.cols;
  let j = params.step;
  let k = j + wid.x;
  let item = wid.y * n * m;
  let col = item + k * m;
  let u = item + j * m;
  if (k == j) {
    // H_j e_j = e_j − 2·u_j·u_j[j]
    let uj = reflectors[u + j];
    for (var i = lid; i < m; i += WG) {
      var q = select(0.0, 1.0, i == j);
      if (i >= j) { q -= 2.0 * reflectors[u + i] * uj; }
      work[col + i] = q;
    }
    return;
  }
  var d = 0.0;
  for (var i = j + lid; i < m; i += WG) { d = fma(reflectors[u + i], work[col + i], d); }
  let w = 2.0 * workgroupSum(lid, d);
  for (var i = j + lid; i < m; i += WG) { work[col + i] = work[col + i] - w * reflectors[u + i]; }
}

struct ExtractParams {
  rows: u32,   // m
  cols: u32,   // n
  total: u32,  // batch·n·n
  groupsX: u32,
}

@group(0) @binding(0) var<storage, read> factored: array<f32>;
@group(0) @binding(1) var<storage, read_write> r: array<f32>;
@group(0) @binding(2) var<uniform> extract: ExtractParams;

// R (batch, n, n), upper triangular: R[i][k] = factored[k][i] for i ≤ k, else 0.
@compute @workgroup_size(256)
fn extractR(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = (wid.y * extract.groupsX + wid.x) * 256u + lid.x;
  if (idx >= extract.total) { return; }
  let n = extract.cols;
  let z = idx / (n * n);
  let i = (idx / n) % n;
  let k = idx % n;
  r[idx] = select(0.0, factored[z * n * extract.rows + k * extract.rows + i], i <= k);
}
