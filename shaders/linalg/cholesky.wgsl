// Right-looking Cholesky, one dispatch per column k: writes column k of L and the pivot, and updates the trailing block.
// work is (batch, n, n), holding the Schur complement in its lower triangle; factor (batch, n, n) starts zeroed;
// pivots (batch, n) gets d_k = L_kk², which the host checks once at the end (d_k ≤ 0 or NaN: not positive definite).

struct Params {
  n: u32, k: u32, span: u32, _pad: u32,   // span = n − k: the trailing block is span × span
}

@group(0) @binding(0) var<storage, read_write> work: array<f32>;
@group(0) @binding(1) var<storage, read_write> factor: array<f32>;
@group(0) @binding(2) var<storage, read_write> pivots: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// Invocation (x, y) handles row i = k + y, column j = k + x of the trailing block, lower triangle only.
// Column k and the pivot are only read here, so the update has no read/write race.
@compute @workgroup_size(8, 8, 1)
fn eliminate_column(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = params.n;
  let k = params.k;
  if (gid.x >= params.span || gid.y >= params.span || gid.x > gid.y) { return; }
  let i = k + gid.y;
  let j = k + gid.x;
  let base = gid.z * n * n;
  let pivot = work[base + k * n + k];
  if (j == k) {
    factor[base + i * n + k] = work[base + i * n + k] / sqrt(pivot);
    if (i == k) { pivots[gid.z * n + k] = pivot; }
    return;
  }
  work[base + i * n + j] -= work[base + i * n + k] * (work[base + j * n + k] / pivot);
}
