// One round of parallel cyclic Jacobi for symmetric eigenproblems: m/2 disjoint rotations (round-robin pairing).
// before/after are (batch, n, n) row-major; vectors (batch, n, n) has its columns rotated in place (V ← V·J).
// m is n rounded up to even; index n (when n is odd) is a dummy that sits out its round.

struct Params {
  n: u32, m: u32, round: u32, groupsX: u32,
}

@group(0) @binding(0) var<storage, read> before: array<f32>;
@group(0) @binding(1) var<storage, read_write> after: array<f32>;
@group(0) @binding(2) var<storage, read_write> vectors: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// Pair k of this round in the circle method: index m-1 stays put, the others rotate; returned as (p, q), p < q.
fn pairOf(k: u32) -> vec2<u32> {
  let last = params.m - 1u;
  var a = last;
  var b = params.round;
  if (k != 0u) {
    a = (params.round + k) % last;
    b = (params.round + last - k) % last;
  }
  return vec2<u32>(min(a, b), max(a, b));
}

// (c, s, t) of the rotation J = [[c, s], [−s, c]] that zeroes entry (p, q) of JᵀAJ (Golub & Van Loan, sym.schur2).
fn rotationOf(base: u32, pq: vec2<u32>) -> vec3<f32> {
  let n = params.n;
  if (pq.y >= n) { return vec3<f32>(1.0, 0.0, 0.0); }
  let apq = before[base + pq.x * n + pq.y];
  if (apq == 0.0) { return vec3<f32>(1.0, 0.0, 0.0); }
  let tau = (before[base + pq.y * n + pq.y] - before[base + pq.x * n + pq.x]) / (2.0 * apq);
  var t: f32;
  if (abs(tau) > 1.0e18) {
    t = 0.5 / tau; // tau² would overflow; this is the limit of the formula below
  } else {
    t = select(-1.0, 1.0, tau >= 0.0) / (abs(tau) + sqrt(1.0 + tau * tau));
  }
  let c = 1.0 / sqrt(1.0 + t * t);
  return vec3<f32>(c, t * c, t);
}

fn at(base: u32, i: u32, j: u32) -> f32 {
  if (i >= params.n || j >= params.n) { return 0.0; }
  return before[base + i * params.n + j];
}

fn store(base: u32, i: u32, j: u32, x: f32) {
  if (i < params.n && j < params.n) { after[base + i * params.n + j] = x; }
}

// Invocations [0, h²) update one 2×2 block (pair a rows, pair b columns) and its mirror; [h², h² + n·h) rotate one row of V.
@compute @workgroup_size(64, 1, 1)
fn rotate_pairs(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let idx = (wid.y * params.groupsX + wid.x) * 64u + lid.x;
  let n = params.n;
  let h = params.m / 2u;
  let base = wid.z * n * n;
  if (idx < h * h) {
    let a = idx / h;
    let b = idx % h;
    if (a > b) { return; }
    let P = pairOf(a);
    let rp = rotationOf(base, P);
    if (a == b) {
      if (P.y >= n) { store(base, P.x, P.x, at(base, P.x, P.x)); return; }
      let app = at(base, P.x, P.x);
      let aqq = at(base, P.y, P.y);
      let apq = at(base, P.x, P.y);
      let rotated = rp.y != 0.0;
      store(base, P.x, P.x, app - rp.z * apq);
      store(base, P.y, P.y, aqq + rp.z * apq);
      store(base, P.x, P.y, select(apq, 0.0, rotated));
      store(base, P.y, P.x, select(at(base, P.y, P.x), 0.0, rotated));
      return;
    }
    let Q = pairOf(b);
    let rq = rotationOf(base, Q);
    // rows: Jpᵀ·M, then columns: (Jpᵀ·M)·Jq
    let m00 = at(base, P.x, Q.x);
    let m01 = at(base, P.x, Q.y);
    let m10 = at(base, P.y, Q.x);
    let m11 = at(base, P.y, Q.y);
    let r00 = rp.x * m00 - rp.y * m10;
    let r01 = rp.x * m01 - rp.y * m11;
    let r10 = rp.y * m00 + rp.x * m10;
    let r11 = rp.y * m01 + rp.x * m11;
    let o00 = rq.x * r00 - rq.y * r01;
    let o01 = rq.y * r00 + rq.x * r01;
    let o10 = rq.x * r10 - rq.y * r11;
    let o11 = rq.y * r10 + rq.x * r11;
    store(base, P.x, Q.x, o00);
    store(base, P.x, Q.y, o01);
    store(base, P.y, Q.x, o10);
    store(base, P.y, Q.y, o11);
    store(base, Q.x, P.x, o00);
    store(base, Q.y, P.x, o01);
    store(base, Q.x, P.y, o10);
    store(base, Q.y, P.y, o11);
    return;
  }
  let v = idx - h * h;
  if (v >= n * h) { return; }
  let i = v / h;
  let P = pairOf(v % h);
  let rp = rotationOf(base, P);
  if (rp.y == 0.0) { return; }
  let vp = vectors[base + i * n + P.x];
  let vq = vectors[base + i * n + P.y];
  vectors[base + i * n + P.x] = rp.x * vp - rp.y * vq;
  vectors[base + i * n + P.y] = rp.y * vp + rp.x * vq;
}
