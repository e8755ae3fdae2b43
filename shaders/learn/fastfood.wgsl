// Fastfood projection d → D (uber-research/intrinsic-dimension): P·x = (H G Π H B pad(x))[:D] / scale, and its
// transpose Pᵀ·y = B ⊙ (H Πᵀ G H pad(y))[:d] / scale, with H the unnormalized Walsh–Hadamard transform of length L.
// One workgroup per vector runs every FWHT stage with storage barriers in between (one dispatch per transform).
// Snippets: flat_index.

struct Params {
  inLength: u32, outLength: u32, L: u32, batch: u32,   // input and output lengths, L = 2^k ≥ both
  invScale: f32,
}

@group(0) @binding(0) var<storage, read> input: array<f32>;       // (batch, inLength)
@group(0) @binding(1) var<storage, read> table: array<f32>;       // (4, L): B (±1), Π, G, Π⁻¹
@group(0) @binding(2) var<storage, read_write> work: array<f32>;  // (batch, 2L) scratch
@group(0) @binding(3) var<storage, read_write> out: array<f32>;   // (batch, outLength)
@group(0) @binding(4) var<uniform> params: Params;

override MODE: u32 = 0u;  // 0: P·x (forward), 1: Pᵀ·y (transpose), 2: plain unnormalized FWHT of pad(x), then truncate

// In-place unnormalized FWHT of work[base, base + L); all invocations of the workgroup must call it.
fn fwht(base: u32, lid: u32) {
  let L = params.L;
  for (var h = 1u; h < L; h *= 2u) {
    for (var k = lid; k < L / 2u; k += WG_SIZE) {
      let i = (k / h) * 2u * h + (k % h);
      let a = work[base + i];
      let b = work[base + i + h];
      work[base + i] = a + b;
      work[base + i + h] = a - b;
    }
    storageBarrier();
  }
}

fn tableAt(row: u32, i: u32) -> f32 {
  return table[row * params.L + i];
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) lidv: vec3<u32>) {
  let z = flatWorkgroup(wid, groups);
  if (z >= params.batch) { return; }   // uniform per workgroup, so the barriers below stay uniform
  let lid = lidv.x;
  let L = params.L;
  let first = z * 2u * L;
  let second = first + L;
  let inBase = z * params.inLength;
  for (var i = lid; i < L; i += WG_SIZE) {
    var x = 0.0;
    if (i < params.inLength) { x = input[inBase + i]; }
    if (MODE == 0u) { x *= tableAt(0u, i); }
    work[first + i] = x;
  }
  storageBarrier();
  fwht(first, lid);
  if (MODE != 2u) {
    for (var i = lid; i < L; i += WG_SIZE) {
      if (MODE == 0u) {
        let src = u32(tableAt(1u, i) + 0.5);
        work[second + i] = work[first + src] * tableAt(2u, i);
      } else {
        let src = u32(tableAt(3u, i) + 0.5);
        work[second + i] = work[first + src] * tableAt(2u, src);
      }
    }
    storageBarrier();
    fwht(second, lid);
  }
  let result = select(second, first, MODE == 2u);
  for (var i = lid; i < params.outLength; i += WG_SIZE) {
    var y = work[result + i] * params.invScale;
    if (MODE == 1u) { y *= tableAt(0u, i); }
    out[z * params.outLength + i] = y;
  }
}
