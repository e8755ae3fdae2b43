// Gaussian elimination with partial pivoting on [A | B], two dispatches per column k, leaving U in lu and Lᴵ·P·B in rhs.
// lu is (batch, n, n), rhs is (batch, n, r); the host then solves U·X = rhs with triangular_solve.
// Entries below U's diagonal are left as unscaled multipliers; nothing reads them afterwards.
// Snippets: flat_index.

struct Params {
  n: u32, r: u32, k: u32,   // r: right-hand sides
}

@group(0) @binding(0) var<storage, read_write> lu: array<f32>;
@group(0) @binding(1) var<storage, read_write> rhs: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> bestValue: array<f32, WG_SIZE>;
var<workgroup> bestRow: array<u32, WG_SIZE>;

// One workgroup per batch item: picks the row i ≥ k with the largest |lu[i, k]| (first on ties) and swaps it into row k.
@compute @workgroup_size(WG_SIZE)
fn pivot_swap(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = params.n;
  let k = params.k;
  let r = params.r;
  let base = wid.z * n * n;
  let rBase = wid.z * n * r;
  var value = -1.0;
  var row = n;
  for (var i = k + lid.x; i < n; i += WG_SIZE) {
    let x = abs(lu[base + i * n + k]);
    if (x > value) { value = x; row = i; }
  }
  bestValue[lid.x] = value;
  bestRow[lid.x] = row;
  workgroupBarrier();
  for (var s = WG_SIZE / 2u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      let v = bestValue[lid.x + s];
      let w = bestRow[lid.x + s];
      if (v > bestValue[lid.x] || (v == bestValue[lid.x] && w < bestRow[lid.x])) {
        bestValue[lid.x] = v;
        bestRow[lid.x] = w;
      }
    }
    workgroupBarrier();
  }
  let p = workgroupUniformLoad(&bestRow[0]);
  if (p == k || p >= n) { return; }
  for (var j = k + lid.x; j < n; j += WG_SIZE) {
    let t = lu[base + k * n + j];
    lu[base + k * n + j] = lu[base + p * n + j];
    lu[base + p * n + j] = t;
  }
  for (var j = lid.x; j < r; j += WG_SIZE) {
    let t = rhs[rBase + k * r + j];
    rhs[rBase + k * r + j] = rhs[rBase + p * r + j];
    rhs[rBase + p * r + j] = t;
  }
}

// Invocation (row i > k, column c): c < n − k − 1 updates lu[i, k + 1 + c]; the rest update rhs[i, c − (n − k − 1)].
// Row k and column k are only read, so there is no race.
// The grid's z is the batch item (dispatchFlat's batch).
@compute @workgroup_size(WG_SIZE)
fn eliminate(ids: FlatIds) {
  let n = params.n;
  let k = params.k;
  let r = params.r;
  let below = n - k - 1u;
  let width = below + r;
  let idx = flatIndex(ids);
  if (idx >= below * width) { return; }
  let i = k + 1u + idx / width;
  let c = idx % width;
  let base = ids.wid.z * n * n;
  let multiplier = lu[base + i * n + k] / lu[base + k * n + k];
  if (c < below) {
    let j = k + 1u + c;
    lu[base + i * n + j] -= multiplier * lu[base + k * n + j];
  } else {
    let rBase = ids.wid.z * n * r;
    let j = c - below;
    rhs[rBase + i * r + j] -= multiplier * rhs[rBase + k * r + j];
  }
}
