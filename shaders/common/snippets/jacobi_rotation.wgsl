// Snippet jacobi_rotation: the round-robin pair schedule and the rotation that one-sided Jacobi sweeps share
// (jacobi_svd.wgsl pairs columns, jacobi_block.wgsl pairs blocks of columns); their float64 twins are pairOf and
// rotation in src/linalg/jacobiKernels.ts.

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
