// One-sided Jacobi rounds on rows packed as vec4: work (batch, n, len4) and rotations (batch, n, n4) of vec4<f32>,
// rows zero-padded to a multiple of 4 entries. One invocation per column pair; entry e of a row sums into lane e mod 4,
// the lanes combine as (x + z) + (y + w), the order of the float64 twin (src/linalg/jacobiKernels.ts, LANES = 4).

struct Params {
  n: u32,             // columns being orthogonalized (rows of work)
  len4: u32,          // vec4s per work row
  n4: u32,            // vec4s per rotations row
  players: u32,       // n rounded up to even
  roundStart: u32,
  roundCount: u32,    // rounds in this dispatch; > 1 only when one workgroup holds every pair of its item
  offStride: u32,     // slots per batch item in `off`: one per invocation of the item's workgroups
  tol: f32,           // pairs with |γ|/√(αβ) below this are already orthogonal and left alone
}

@group(0) @binding(0) var<storage, read_write> work: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> rotations: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> off: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

override WG: u32 = 16u;

// Pair p of round r in the circle method (as pairOf in jacobi_svd.wgsl).
fn pairOf(r: u32, p: u32, players: u32) -> vec2<u32> {
  if (p == 0u) { return vec2<u32>(r, players - 1u); }
  let a = (r + p) % (players - 1u);
  let b = (r + players - 1u - p) % (players - 1u);
  return vec2<u32>(min(a, b), max(a, b));
}

// The rotation (c, s) that makes columns a, b orthogonal (as rotation in jacobi_svd.wgsl).
fn rotation(alpha: f32, beta: f32, gamma: f32) -> vec2<f32> {
  let zeta = (beta - alpha) / (2.0 * gamma);
  let az = abs(zeta);
  var t = 1.0 / (az + sqrt(1.0 + az * az));
  if (az > 1e15) { t = 0.5 / az; }
  if (zeta < 0.0) { t = -t; }
  let c = 1.0 / sqrt(1.0 + t * t);
  let s = c * t;
  let f = 1.5 - 0.5 * (c * c + s * s);
  return vec2<f32>(c * f, s * f);
}

fn lanes(v: vec4<f32>) -> f32 {
  return (v.x + v.z) + (v.y + v.w);
}

// Invocation x of workgroup (g, z) rotates pairs g·WG + x, stepping by all invocations along x, of batch item z in
// each of its rounds, and folds the
// largest |γ|/√(αβ) it saw into its own slot of `off` (zeroed before a sweep).
@compute @workgroup_size(WG)
fn jacobiRoundsVec4(
  @builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
) {
  let n = params.n;
  let len4 = params.len4;
  let n4 = params.n4;
  let players = params.players;
  let z = wid.y;
  let workBase = z * n * len4;
  let rotBase = z * n * n4;
  let pairs = players / 2u;
  var worst = 0.0;
  for (var r = 0u; r < params.roundCount; r++) {
    for (var p = wid.x * WG + lid3.x; p < pairs; p += WG * groups.x) {
      let pq = pairOf(params.roundStart + r, p, players);
      if (pq.y >= n) { continue; }
      let a = workBase + pq.x * len4;
      let b = workBase + pq.y * len4;
      var sa = vec4<f32>(0.0);
      var sb = vec4<f32>(0.0);
      var sg = vec4<f32>(0.0);
      for (var i = 0u; i < len4; i++) {
        let x = work[a + i];
        let y = work[b + i];
        sa += x * x;
        sb += y * y;
        sg += x * y;
      }
      let alpha = lanes(sa);
      let beta = lanes(sb);
      let gamma = lanes(sg);
      let scale = sqrt(alpha) * sqrt(beta);
      let measure = select(0.0, abs(gamma) / scale, scale > 0.0);
      if (measure > 0.0 && measure >= params.tol) {
        let cs = rotation(alpha, beta, gamma);
        for (var i = 0u; i < len4; i++) {
          let x = work[a + i];
          let y = work[b + i];
          work[a + i] = cs.x * x - cs.y * y;
          work[b + i] = cs.y * x + cs.x * y;
        }
        let va = rotBase + pq.x * n4;
        let vb = rotBase + pq.y * n4;
        for (var i = 0u; i < n4; i++) {
          let x = rotations[va + i];
          let y = rotations[vb + i];
          rotations[va + i] = cs.x * x - cs.y * y;
          rotations[vb + i] = cs.y * x + cs.x * y;
        }
      }
      worst = max(worst, measure);
    }
    if (params.roundCount > 1u) { storageBarrier(); }
  }
  let slot = z * params.offStride + wid.x * WG + lid3.x;
  off[slot] = max(off[slot], worst);
}
