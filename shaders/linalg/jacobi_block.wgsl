// Block one-sided Jacobi rounds over rows packed as vec4: columns go in blocks of two, and each meeting of two blocks
// orthogonalizes their four columns at once. One pass over the four rows sums their 4×4 Gram matrix; the six
// rotations of the meeting run on that matrix in registers and build one 4×4 transform; a second pass applies it
// to the rows of work and of rotations. Per pair met, that is half the row reads and writes of rotating pairs one at
// a time, and half the rounds (so half the dispatches) per sweep. Mirrors src/linalg/jacobiBlockKernels.ts.
// Snippets: jacobi_rotation.

struct BlockParams {
  n: u32,             // columns being orthogonalized (rows of work); column c is in block c / 2
  len4: u32,          // vec4s per work row
  n4: u32,            // vec4s per rotations row
  players: u32,       // blocks rounded up to even; round-robin meets players/2 block pairs per round
  roundStart: u32,
  roundCount: u32,    // rounds in this dispatch; > 1 only when one workgroup holds every meeting of its item
  offStride: u32,     // slots per batch item in `off`: one per invocation of the item's workgroups
  tol: f32,           // pairs with |γ|/√(αβ) below this are already orthogonal and left alone
}

@group(0) @binding(0) var<storage, read_write> work: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> rotations: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> off: array<f32>;
@group(0) @binding(3) var<uniform> params: BlockParams;

override WG: u32 = 16u;

// The six pairs of a meeting's slots (0, 1: the first block's columns; 2, 3: the second's), cross pairs first.
const MEETING_PAIRS = array<vec2<u32>, 6>(
  vec2<u32>(0u, 2u), vec2<u32>(1u, 3u), vec2<u32>(0u, 3u), vec2<u32>(1u, 2u), vec2<u32>(0u, 1u), vec2<u32>(2u, 3u),
);

// The four partial sums of a packed dot product, combined in the twin's order.
fn lanes(v: vec4<f32>) -> f32 {
  return (v.x + v.z) + (v.y + v.w);
}

// Row k of a meeting's transform applied to its four rows: Σ_l J[k][l]·x_l.
fn transformed(j: vec4<f32>, x0: vec4<f32>, x1: vec4<f32>, x2: vec4<f32>, x3: vec4<f32>) -> vec4<f32> {
  return j.x * x0 + j.y * x1 + j.z * x2 + j.w * x3;
}

// Invocation x of workgroup (g, z) holds meetings g·WG + x, stepping by all invocations along x, of batch item z in
// each of its rounds, and folds the largest |γ|/√(αβ) it saw at the start of a meeting into its slot of `off`.
@compute @workgroup_size(WG)
fn jacobiBlockRounds(
  @builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
) {
  let n = params.n;
  let len4 = params.len4;
  let n4 = params.n4;
  let players = params.players;
  let z = wid.y;
  let meetings = players / 2u;
  var worst = 0.0;
  for (var r = 0u; r < params.roundCount; r++) {
    for (var m = wid.x * WG + lid3.x; m < meetings; m += WG * groups.x) {
      let blocks = pairOf(params.roundStart + r, m, players);
      let cols = vec4<u32>(2u * blocks.x, 2u * blocks.x + 1u, 2u * blocks.y, 2u * blocks.y + 1u);
      let valid = cols < vec4<u32>(n);
      // Rows past n (an odd n's last block, the padding block) read as zero and are never written.
      let rows = min(cols, vec4<u32>(n - 1u)) + vec4<u32>(z * n);
      let zero = vec4<f32>(0.0);
      var g00 = zero; var g11 = zero; var g22 = zero; var g33 = zero;
      var g01 = zero; var g02 = zero; var g03 = zero; var g12 = zero; var g13 = zero; var g23 = zero;
      for (var i = 0u; i < len4; i++) {
        let x0 = work[rows.x * len4 + i];
        let x1 = select(zero, work[rows.y * len4 + i], valid.y);
        let x2 = select(zero, work[rows.z * len4 + i], valid.z);
        let x3 = select(zero, work[rows.w * len4 + i], valid.w);
        g00 += x0 * x0; g11 += x1 * x1; g22 += x2 * x2; g33 += x3 * x3;
        g01 += x0 * x1; g02 += x0 * x2; g03 += x0 * x3; g12 += x1 * x2; g13 += x1 * x3; g23 += x2 * x3;
      }
      var G = array<array<f32, 4>, 4>(
        array<f32, 4>(lanes(g00), lanes(g01), lanes(g02), lanes(g03)),
        array<f32, 4>(lanes(g01), lanes(g11), lanes(g12), lanes(g13)),
        array<f32, 4>(lanes(g02), lanes(g12), lanes(g22), lanes(g23)),
        array<f32, 4>(lanes(g03), lanes(g13), lanes(g23), lanes(g33)),
      );
      var J = array<array<f32, 4>, 4>(
        array<f32, 4>(1.0, 0.0, 0.0, 0.0), array<f32, 4>(0.0, 1.0, 0.0, 0.0),
        array<f32, 4>(0.0, 0.0, 1.0, 0.0), array<f32, 4>(0.0, 0.0, 0.0, 1.0),
      );
      // The test uses the Gram matrix as summed, before any rotation of the meeting: a meeting whose six pairs all
      // pass leaves its rows untouched, so a sweep that finds everything orthogonal changes nothing.
      for (var k = 0u; k < 6u; k++) {
        let pq = MEETING_PAIRS[k];
        let scale = sqrt(G[pq.x][pq.x]) * sqrt(G[pq.y][pq.y]);
        worst = max(worst, select(0.0, abs(G[pq.x][pq.y]) / scale, scale > 0.0));
      }
      var rotated = false;
      for (var k = 0u; k < 6u; k++) {
        let p = MEETING_PAIRS[k].x;
        let q = MEETING_PAIRS[k].y;
        let alpha = G[p][p];
        let beta = G[q][q];
        let gamma = G[p][q];
        let scale = sqrt(alpha) * sqrt(beta);
        let measure = select(0.0, abs(gamma) / scale, scale > 0.0);
        if (measure > 0.0 && measure >= params.tol) {
          rotated = true;
          let cs = rotation(alpha, beta, gamma);
          let t = cs.y / cs.x;
          for (var e = 0u; e < 4u; e++) {
            let gp = G[p][e];
            let gq = G[q][e];
            G[p][e] = cs.x * gp - cs.y * gq;
            G[q][e] = cs.y * gp + cs.x * gq;
            G[e][p] = G[p][e];
            G[e][q] = G[q][e];
            let jp = J[p][e];
            let jq = J[q][e];
            J[p][e] = cs.x * jp - cs.y * jq;
            J[q][e] = cs.y * jp + cs.x * jq;
          }
          // Rutishauser's updates keep the new norms accurate where c²α − 2csγ + s²β would cancel.
          G[p][p] = alpha - t * gamma;
          G[q][q] = beta + t * gamma;
          G[p][q] = 0.0;
          G[q][p] = 0.0;
        }
      }
      if (rotated) {
        let j0 = vec4<f32>(J[0][0], J[0][1], J[0][2], J[0][3]);
        let j1 = vec4<f32>(J[1][0], J[1][1], J[1][2], J[1][3]);
        let j2 = vec4<f32>(J[2][0], J[2][1], J[2][2], J[2][3]);
        let j3 = vec4<f32>(J[3][0], J[3][1], J[3][2], J[3][3]);
        for (var i = 0u; i < len4; i++) {
          let x0 = work[rows.x * len4 + i];
          let x1 = select(zero, work[rows.y * len4 + i], valid.y);
          let x2 = select(zero, work[rows.z * len4 + i], valid.z);
          let x3 = select(zero, work[rows.w * len4 + i], valid.w);
          work[rows.x * len4 + i] = transformed(j0, x0, x1, x2, x3);
          if (valid.y) { work[rows.y * len4 + i] = transformed(j1, x0, x1, x2, x3); }
          if (valid.z) { work[rows.z * len4 + i] = transformed(j2, x0, x1, x2, x3); }
          if (valid.w) { work[rows.w * len4 + i] = transformed(j3, x0, x1, x2, x3); }
        }
        for (var i = 0u; i < n4; i++) {
          let x0 = rotations[rows.x * n4 + i];
          let x1 = select(zero, rotations[rows.y * n4 + i], valid.y);
          let x2 = select(zero, rotations[rows.z * n4 + i], valid.z);
          let x3 = select(zero, rotations[rows.w * n4 + i], valid.w);
          rotations[rows.x * n4 + i] = transformed(j0, x0, x1, x2, x3);
          if (valid.y) { rotations[rows.y * n4 + i] = transformed(j1, x0, x1, x2, x3); }
          if (valid.z) { rotations[rows.z * n4 + i] = transformed(j2, x0, x1, x2, x3); }
          if (valid.w) { rotations[rows.w * n4 + i] = transformed(j3, x0, x1, x2, x3); }
        }
      }
    }
    // The next round meets columns that other invocations just wrote.
    if (params.roundCount > 1u) { storageBarrier(); }
  }
  let slot = z * params.offStride + wid.x * WG + lid3.x;
  off[slot] = max(off[slot], worst);
}
