// Householder QR by columns: apply the previous reflector, build the next, accumulate thin Q, extract R.
// Matrices are stored transposed so each column is a contiguous row: work is Aᵀ, (batch, n, m).
// Reflector j is H_j = I − 2·u_j·u_jᵀ with unit u_j, zero above entry j; it is row j of `reflectors` (batch, n, m).
// Mirrors the float64 twin in src/linalg/qrKernels.ts.
// Snippets: flat_index, lane_sum.

struct Params {
  rows: u32,   // m: length of each stored column
  cols: u32,   // n: number of columns
  step: u32,   // j
  _pad: u32,
}

@group(0) @binding(0) var<storage, read_write> work: array<f32>;
@group(0) @binding(1) var<storage, read_write> reflectors: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

// A workgroup holds WG / T columns, T invocations per column (T divides WG; both powers of two). T = 1 needs no
// barriers at all, which is what software adapters want; hardware prefers T = 32 or so for coalesced loads.
override WG: u32 = 64u;
override T: u32 = 1u;
alias LaneSum = f32; // laneSum adds one number per invocation of a column

// acc + a·b in compensated arithmetic (Kahan–Babuška–Neumaier, plus the product's rounding error when fma is
// fused): acc.x is the running sum, acc.y the low-order part it lost. Reflector dot products feed straight into
// the backward error of QR, and a plain f32 sum over m terms loses √m·ε of it; this keeps about ε.
fn addProduct(acc: vec2<f32>, a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let productError = fma(a, b, -p);
  let t = acc.x + p;
  let accIsBigger = abs(acc.x) >= abs(p);
  let big = select(p, acc.x, accIsBigger);
  let small = select(acc.x, p, accIsBigger);
  return vec2<f32>(t, acc.y + ((big - t) + small) + productError);
}

// Step j: the workgroups hold columns j..n−1. Each column gets H_{j−1} (built by the previous step); then the
// invocations of column j build H_j from it (Parlett's sign choice keeps R_jj = ‖x‖ ≥ 0).
// Afterwards column k holds R[0..j, k] in entries 0..j; R_jj sits at entry j of column j.
@compute @workgroup_size(WG)
fn householderStep(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let lane = lid % T;
  let m = params.rows;
  let n = params.cols;
  let j = params.step;
  let k = j + wid.x * (WG / T) + lid / T;
  let valid = k < n;
  let item = wid.y * n * m;
  let col = item + k * m;
  if (j > 0u) {
    let u = item + (j - 1u) * m;
    var d = vec2<f32>(0.0);
    if (valid) { for (var i = j - 1u + lane; i < m; i += T) { d = addProduct(d, reflectors[u + i], work[col + i]); } }
    let w = 2.0 * laneSum(lid, d.x + d.y);
    if (valid) { for (var i = j - 1u + lane; i < m; i += T) { work[col + i] = work[col + i] - w * reflectors[u + i]; } }
  }
  if (wid.x != 0u) { return; }
  if (T > 1u) { storageBarrier(); }
  let mine = k == j;
  var s = vec2<f32>(0.0);
  if (mine) { for (var i = j + 1u + lane; i < m; i += T) { let x = work[col + i]; s = addProduct(s, x, x); } }
  let sigma = laneSum(lid, s.x + s.y);
  let x0 = work[item + j * m + j];
  let norm = sqrt(x0 * x0 + sigma);
  var v0 = x0 - norm;
  if (x0 > 0.0) { v0 = -sigma / (x0 + norm); }
  let vv = v0 * v0 + sigma;
  let inv = select(0.0, 1.0 / sqrt(vv), vv > 0.0);
  let u = item + j * m;
  if (mine) { for (var i = j + 1u + lane; i < m; i += T) { reflectors[u + i] = work[col + i] * inv; } }
  // Every invocation has read x0 before entry j of the column is overwritten by R_jj.
  if (T > 1u) { storageBarrier(); }
  if (mine && lane == 0u) {
    reflectors[u + j] = v0 * inv;
    work[col + j] = norm;
  }
}

// Backward accumulation of thin Q = H_0 ⋯ H_{n−1}·[I; 0], stored transposed in `work` (batch, n, m).
// Step j (from n−1 down to 0) applies H_j to columns j..n−1; column j starts as e_j here.
@compute @workgroup_size(WG)
fn householderAccumulate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let lane = lid % T;
  let m = params.rows;
  let n = params.cols;
  let j = params.step;
  let k = j + wid.x * (WG / T) + lid / T;
  let item = wid.y * n * m;
  let col = item + k * m;
  let u = item + j * m;
  if (k == j) {
    // H_j e_j = e_j − 2·u_j·u_j[j]
    let uj = reflectors[u + j];
    for (var i = lane; i < m; i += T) {
      var q = select(0.0, 1.0, i == j);
      if (i >= j) { q -= 2.0 * reflectors[u + i] * uj; }
      work[col + i] = q;
    }
  }
  let valid = k > j && k < n;
  var d = vec2<f32>(0.0);
  if (valid) { for (var i = j + lane; i < m; i += T) { d = addProduct(d, reflectors[u + i], work[col + i]); } }
  let w = 2.0 * laneSum(lid, d.x + d.y);
  if (valid) { for (var i = j + lane; i < m; i += T) { work[col + i] = work[col + i] - w * reflectors[u + i]; } }
}

struct ExtractParams {
  rows: u32,   // m
  cols: u32,   // n
  total: u32,  // batch·n·n
}

@group(0) @binding(0) var<storage, read> factored: array<f32>;
@group(0) @binding(1) var<storage, read_write> r: array<f32>;
@group(0) @binding(2) var<uniform> extract: ExtractParams;

// R (batch, n, n), upper triangular: R[i][k] = factored[k][i] for i ≤ k, else 0.
@compute @workgroup_size(WG_SIZE)
fn extractR(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= extract.total) { return; }
  let n = extract.cols;
  let z = idx / (n * n);
  let i = (idx / n) % n;
  let k = idx % n;
  r[idx] = select(0.0, factored[z * n * extract.rows + k * extract.rows + i], i <= k);
}
