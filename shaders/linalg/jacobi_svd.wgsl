// One-sided (Hestenes) Jacobi SVD: rotate disjoint column pairs in parallel round-robin order, then gather results.
// Columns are stored as contiguous rows: work (batch, n, len) row p is column p of the matrix being orthogonalized,
// rotations (batch, n, n) row p is column p of the accumulated V. Mirrors src/linalg/jacobiKernels.ts. A software
// adapter runs the block rounds of jacobi_block.wgsl instead.
// Snippets: flat_index, lane_sum, jacobi_rotation.

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
