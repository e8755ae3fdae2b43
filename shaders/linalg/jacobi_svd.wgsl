// One-sided (Hestenes) Jacobi SVD: rotate disjoint column pairs in parallel round-robin order, then gather results.
// Columns are stored as contiguous rows: work (batch, n, len) row p is column p of the matrix being orthogonalized,
// rotations (batch, n, n) row p is column p of the accumulated V. Mirrors src/linalg/jacobiKernels.ts; the packed
// rounds near the end mirror src/linalg/jacobiPackedKernels.ts.
// Snippets: flat_index, lane_sum.

struct Params {
  n: u32,             // columns being orthogonalized
  len: u32,           // length of each column
  players: u32,       // n rounded up to even; round-robin pairs players/2 columns per round
  pairsPerGroup: u32, // pairs one workgroup handles in each round
  roundStart: u32,
  roundCount: u32,    // rounds in this dispatch; > 1 only when one workgroup holds every pair of its item
  offStride: u32,     // slots per batch item in `off`: one per invocation of the item's workgroups
  _pad0: u32,
  tol: f32,           // pairs with |γ|/√(αβ) below this are already orthogonal and left alone
  _pad1: u32, _pad2: u32, _pad3: u32,
}

@group(0) @binding(0) var<storage, read_write> work: array<f32>;
@group(0) @binding(1) var<storage, read_write> rotations: array<f32>;
@group(0) @binding(2) var<storage, read_write> off: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// T invocations share a pair (T divides WG; both powers of two). T = 1 needs no workgroup barriers inside a round,
// which is what software adapters want; hardware prefers T = 32 or so for coalesced loads.
override WG: u32 = 16u;
override T: u32 = 1u;
alias LaneSum = vec3<f32>; // laneSum adds (α, β, γ) over the invocations of a pair

// Pair p of round r in the circle method: player `players − 1` stays, the others rotate; every pair meets once
// in players − 1 rounds. A pair whose larger index is ≥ n pairs a column with the padding player and is skipped.
fn pairOf(r: u32, p: u32, players: u32) -> vec2<u32> {
  if (p == 0u) { return vec2<u32>(r, players - 1u); }
  let a = (r + p) % (players - 1u);
  let b = (r + players - 1u - p) % (players - 1u);
  return vec2<u32>(min(a, b), max(a, b));
}

// The rotation (c, s) that makes columns a, b orthogonal: tan θ = t, the root of t² + 2ζt − 1 = 0 with |θ| ≤ π/4.
fn rotation(alpha: f32, beta: f32, gamma: f32) -> vec2<f32> {
  let zeta = (beta - alpha) / (2.0 * gamma);
  let az = abs(zeta);
  var t = 1.0 / (az + sqrt(1.0 + az * az));
  if (az > 1e15) { t = 0.5 / az; }
  if (zeta < 0.0) { t = -t; }
  let c = 1.0 / sqrt(1.0 + t * t);
  let s = c * t;
  // One Newton step toward c² + s² = 1 with exact-rounded + and ×: sqrt and / may be off by ulps in one direction,
  // and thousands of rotations per column would turn that bias into a drift of the column norms.
  let f = 1.5 - 0.5 * (c * c + s * s);
  return vec2<f32>(c * f, s * f);
}

// Workgroup (x, z) rotates pairs [x·pairsPerGroup, (x+1)·pairsPerGroup) of batch item z in each of its rounds.
// Each invocation folds the largest |γ|/√(αβ) it saw into its own slot of `off` (zeroed before a sweep, so it
// accumulates over the sweep's dispatches); the host reads the max once a sweep.
@compute @workgroup_size(WG)
fn jacobiRounds(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let lane = lid % T;
  let slots = WG / T;
  let n = params.n;
  let len = params.len;
  let players = params.players;
  let z = wid.y;
  let workBase = z * n * len;
  let rotBase = z * n * n;
  let firstPair = wid.x * params.pairsPerGroup;
  let endPair = min(firstPair + params.pairsPerGroup, players / 2u);
  var worst = 0.0;
  for (var r = 0u; r < params.roundCount; r++) {
    for (var p0 = firstPair; p0 < endPair; p0 += slots) {
      let p = p0 + lid / T;
      var pq = vec2<u32>(0u, n);
      if (p < endPair) { pq = pairOf(params.roundStart + r, p, players); }
      let valid = pq.y < n;
      let a = workBase + pq.x * len;
      let b = workBase + pq.y * len;
      var acc = vec3<f32>(0.0);
      if (valid) {
        for (var i = lane; i < len; i += T) {
          let x = work[a + i];
          let y = work[b + i];
          acc = vec3<f32>(fma(x, x, acc.x), fma(y, y, acc.y), fma(x, y, acc.z));
        }
      }
      let s = laneSum(lid, acc);
      let scale = sqrt(s.x) * sqrt(s.y);
      let measure = select(0.0, abs(s.z) / scale, scale > 0.0);
      if (valid && measure > 0.0 && measure >= params.tol) {
        let cs = rotation(s.x, s.y, s.z);
        for (var i = lane; i < len; i += T) {
          let x = work[a + i];
          let y = work[b + i];
          work[a + i] = cs.x * x - cs.y * y;
          work[b + i] = cs.y * x + cs.x * y;
        }
        let va = rotBase + pq.x * n;
        let vb = rotBase + pq.y * n;
        for (var i = lane; i < n; i += T) {
          let x = rotations[va + i];
          let y = rotations[vb + i];
          rotations[va + i] = cs.x * x - cs.y * y;
          rotations[vb + i] = cs.y * x + cs.x * y;
        }
      }
      worst = max(worst, measure);
    }
    // The next round pairs columns that other invocations just wrote.
    if (params.roundCount > 1u) { storageBarrier(); }
  }
  let slot = z * params.offStride + wid.x * WG + lid;
  off[slot] = max(off[slot], worst);
}

// ---- jacobiRoundsPacked: the same rounds over rows packed as vec4 (what a software adapter runs fastest) ----
// work (batch, n, len4) and rotations (batch, n, n4) of vec4<f32>, rows zero-padded to a multiple of 4 entries. One
// invocation per column pair; entry e of a row sums into lane e mod 4 and the lanes combine as (x + z) + (y + w), the
// order of the float64 twin (LANES = 4). Mirrors src/linalg/jacobiPackedKernels.ts.

struct PackedParams {
  n: u32,             // columns being orthogonalized (rows of work)
  len4: u32,          // vec4s per work row
  n4: u32,            // vec4s per rotations row
  players: u32,       // n rounded up to even
  roundStart: u32,
  roundCount: u32,    // rounds in this dispatch; > 1 only when one workgroup holds every pair of its item
  offStride: u32,     // slots per batch item in `offPacked`: one per invocation of the item's workgroups
  tol: f32,           // as in Params
}

@group(0) @binding(0) var<storage, read_write> workPacked: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> rotationsPacked: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> offPacked: array<f32>;
@group(0) @binding(3) var<uniform> packed: PackedParams;

// The four partial sums of a packed dot product, combined in the twin's order.
fn lanes(v: vec4<f32>) -> f32 {
  return (v.x + v.z) + (v.y + v.w);
}

// Invocation x of workgroup (g, z) rotates pairs g·WG + x, stepping by all invocations along x, of batch item z in
// each of its rounds, and folds the largest |γ|/√(αβ) it saw into its own slot of `offPacked` (zeroed before a sweep).
@compute @workgroup_size(WG)
fn jacobiRoundsPacked(
  @builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
) {
  let n = packed.n;
  let len4 = packed.len4;
  let n4 = packed.n4;
  let players = packed.players;
  let z = wid.y;
  let workBase = z * n * len4;
  let rotBase = z * n * n4;
  let pairs = players / 2u;
  var worst = 0.0;
  for (var r = 0u; r < packed.roundCount; r++) {
    for (var p = wid.x * WG + lid3.x; p < pairs; p += WG * groups.x) {
      let pq = pairOf(packed.roundStart + r, p, players);
      if (pq.y >= n) { continue; }
      let a = workBase + pq.x * len4;
      let b = workBase + pq.y * len4;
      var sa = vec4<f32>(0.0);
      var sb = vec4<f32>(0.0);
      var sg = vec4<f32>(0.0);
      for (var i = 0u; i < len4; i++) {
        let x = workPacked[a + i];
        let y = workPacked[b + i];
        sa += x * x;
        sb += y * y;
        sg += x * y;
      }
      let alpha = lanes(sa);
      let beta = lanes(sb);
      let gamma = lanes(sg);
      let scale = sqrt(alpha) * sqrt(beta);
      let measure = select(0.0, abs(gamma) / scale, scale > 0.0);
      if (measure > 0.0 && measure >= packed.tol) {
        let cs = rotation(alpha, beta, gamma);
        for (var i = 0u; i < len4; i++) {
          let x = workPacked[a + i];
          let y = workPacked[b + i];
          workPacked[a + i] = cs.x * x - cs.y * y;
          workPacked[b + i] = cs.y * x + cs.x * y;
        }
        let va = rotBase + pq.x * n4;
        let vb = rotBase + pq.y * n4;
        for (var i = 0u; i < n4; i++) {
          let x = rotationsPacked[va + i];
          let y = rotationsPacked[vb + i];
          rotationsPacked[va + i] = cs.x * x - cs.y * y;
          rotationsPacked[vb + i] = cs.y * x + cs.x * y;
        }
      }
      worst = max(worst, measure);
    }
    if (packed.roundCount > 1u) { storageBarrier(); }
  }
  let slot = z * packed.offStride + wid.x * WG + lid3.x;
  offPacked[slot] = max(offPacked[slot], worst);
}

struct GatherParams {
  len: u32,      // entries per source row = rows of the output
  srcRows: u32,  // rows per source item
  r: u32,        // output columns
  total: u32,    // batch·len·r
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read_write> gathered: array<f32>;
@group(0) @binding(3) var<uniform> gather: GatherParams;

// gathered (batch, len, r): column c is source row table[z][0][c], times table[z][1][c].
// Turns converged rows into sorted, normalized columns: U = work rows / σ, V = rotation rows.
@compute @workgroup_size(WG_SIZE)
fn gatherColumns(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= gather.total) { return; }
  let r = gather.r;
  let z = idx / (gather.len * r);
  let i = (idx / r) % gather.len;
  let c = idx % r;
  let row = u32(table[z * 2u * r + c]);
  gathered[idx] = src[(z * gather.srcRows + row) * gather.len + i] * table[z * 2u * r + r + c];
}
