// One round of parallel cyclic Jacobi for symmetric eigenproblems: m/2 disjoint rotations (round-robin pairing).
// before/after are (batch, n, n) row-major; vectors (batch, n, n) has its columns rotated in place (V ← V·J).
// m is n rounded up to even; index n (when n is odd) is a dummy that sits out its round.
// Snippets: flat_index.

struct Params {
  n: u32, m: u32, round: u32,
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

// The rotation J = [[c, s], [−s, c]] that zeroes entry (p, q) of JᵀAJ (Golub & Van Loan, sym.schur2),
// as (s, t = s/c, τ = s/(1 + c)). Applying it as x − s·(y + τ·x) instead of c·x − s·y (Rutishauser) keeps the
// accumulated V orthonormal to ~1e-6 in f32; with c rounded to 1 for small angles the naive form drifts 50× more.
fn rotationOf(base: u32, pq: vec2<u32>) -> vec3<f32> {
  let n = params.n;
  if (pq.y >= n) { return vec3<f32>(0.0); }
  let apq = before[base + pq.x * n + pq.y];
  if (apq == 0.0) { return vec3<f32>(0.0); }
  let theta = (before[base + pq.y * n + pq.y] - before[base + pq.x * n + pq.x]) / (2.0 * apq);
  var t: f32;
  if (abs(theta) > 1.0e18) {
    t = 0.5 / theta; // theta² would overflow; this is the limit of the formula below
  } else {
    t = select(-1.0, 1.0, theta >= 0.0) / (abs(theta) + sqrt(1.0 + theta * theta));
  }
  let c = 1.0 / sqrt(1.0 + t * t);
  let s = t * c;
  return vec3<f32>(s, t, s / (1.0 + c));
}

// (x, y) ↦ (c·x − s·y, s·x + c·y) for r = (s, t, τ).
fn rotate(r: vec3<f32>, x: f32, y: f32) -> vec2<f32> {
  return vec2<f32>(x - r.x * (y + r.z * x), y + r.x * (x - r.z * y));
}

fn at(base: u32, i: u32, j: u32) -> f32 {
  if (i >= params.n || j >= params.n) { return 0.0; }
  return before[base + i * params.n + j];
}

fn store(base: u32, i: u32, j: u32, x: f32) {
  if (i < params.n && j < params.n) { after[base + i * params.n + j] = x; }
}

// Tunables: how many column blocks (pairs b) and how many rows of V one invocation handles, so each invocation
// computes its rotations once and reuses them (the angle arithmetic dominates on software adapters otherwise).
override BLOCK_SPAN: u32 = 8u;
override ROW_SPAN: u32 = 8u;

// Rotates block (P, Q) of pairs a < b: writes Jpᵀ·A[{p, q}, {r, s}]·Jq and its mirror.
fn rotateBlock(base: u32, P: vec2<u32>, rp: vec3<f32>, Q: vec2<u32>, rq: vec3<f32>) {
  let c0 = rotate(rp, at(base, P.x, Q.x), at(base, P.y, Q.x));   // rows first: column r
  let c1 = rotate(rp, at(base, P.x, Q.y), at(base, P.y, Q.y));   // column s
  let row0 = rotate(rq, c0.x, c1.x);                              // then columns
  let row1 = rotate(rq, c0.y, c1.y);
  store(base, P.x, Q.x, row0.x);
  store(base, P.x, Q.y, row0.y);
  store(base, P.y, Q.x, row1.x);
  store(base, P.y, Q.y, row1.y);
  store(base, Q.x, P.x, row0.x);
  store(base, Q.y, P.x, row0.y);
  store(base, Q.x, P.y, row1.x);
  store(base, Q.y, P.y, row1.y);
}

// Rotates the diagonal block of pair P: the closed form zeroes (p, q) exactly and keeps the diagonal accurate.
fn rotateDiagonal(base: u32, P: vec2<u32>, rp: vec3<f32>) {
  if (P.y >= params.n) { store(base, P.x, P.x, at(base, P.x, P.x)); return; }
  let apq = at(base, P.x, P.y);
  let rotated = rp.x != 0.0;
  store(base, P.x, P.x, at(base, P.x, P.x) - rp.y * apq);
  store(base, P.y, P.y, at(base, P.y, P.y) + rp.y * apq);
  store(base, P.x, P.y, select(apq, 0.0, rotated));
  store(base, P.y, P.x, select(at(base, P.y, P.x), 0.0, rotated));
}

// Invocations [0, h·⌈h/BLOCK_SPAN⌉) take row pair a and column pairs b in one span, b ≥ a (the rest of A comes
// from the mirror writes); invocations after that rotate ROW_SPAN rows of V for one pair.
@compute @workgroup_size(WG_SIZE)
fn rotate_pairs(ids: FlatIds) {
  let idx = flatIndex(ids);
  let n = params.n;
  let h = params.m / 2u;
  let base = ids.wid.z * n * n;   // the grid's z is the batch item (dispatchFlat's batch)
  let spans = (h + BLOCK_SPAN - 1u) / BLOCK_SPAN;
  if (idx < h * spans) {
    let a = idx / spans;
    let b0 = (idx % spans) * BLOCK_SPAN;
    if (b0 + BLOCK_SPAN <= a) { return; }
    let P = pairOf(a);
    let rp = rotationOf(base, P);
    for (var b = max(a, b0); b < min(h, b0 + BLOCK_SPAN); b++) {
      if (b == a) {
        rotateDiagonal(base, P, rp);
      } else {
        let Q = pairOf(b);
        rotateBlock(base, P, rp, Q, rotationOf(base, Q));
      }
    }
    return;
  }
  let v = idx - h * spans;
  let rowSpans = (n + ROW_SPAN - 1u) / ROW_SPAN;
  if (v >= h * rowSpans) { return; }
  let P = pairOf(v % h);
  let rp = rotationOf(base, P);
  if (rp.x == 0.0) { return; }
  let i0 = (v / h) * ROW_SPAN;
  for (var i = i0; i < min(n, i0 + ROW_SPAN); i++) {
    let v2 = rotate(rp, vectors[base + i * n + P.x], vectors[base + i * n + P.y]);
    vectors[base + i * n + P.x] = v2.x;
    vectors[base + i * n + P.y] = v2.y;
  }
}
