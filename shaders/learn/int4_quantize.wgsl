// Q-GaLore int4 min–max quantization, one workgroup per group of groupSize consecutive entries (row-major).
// Per group: scale = max(max − min, 1e-5) / 15, zero = −floor(min / scale + 0.5) (unclamped),
// code = clamp(floor(w / scale + 0.5) + zero, 0, 15), w̃ = scale·(code − zero).
// Rounding is floor(x + 0.5), half up, as in src/learn/galore/int4.ts (WGSL round() would round half to even).
// Codes are written one per f32 entry (exact small integers), zero points as f32 integers.

struct Params {
  groupSize: u32, groups: u32, groupsX: u32, _pad0: u32,
}

@group(0) @binding(0) var<storage, read> values: array<f32>;           // (groups·groupSize)
@group(0) @binding(1) var<storage, read_write> codes: array<f32>;      // (groups·groupSize), each in 0..15
@group(0) @binding(2) var<storage, read_write> scales: array<f32>;     // (groups)
@group(0) @binding(3) var<storage, read_write> zeros: array<f32>;      // (groups)
@group(0) @binding(4) var<storage, read_write> dequantized: array<f32>; // (groups·groupSize)
@group(0) @binding(5) var<uniform> params: Params;

const WG: u32 = 64u;
const MAX_CODE: f32 = 15.0;
const MIN_RANGE: f32 = 1e-5;

var<workgroup> lows: array<f32, 64>;
var<workgroup> highs: array<f32, 64>;

fn round_half_up(x: f32) -> f32 {
  return floor(x + 0.5);
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  // the whole workgroup shares g, so this return keeps the barriers below in uniform control flow
  let g = wid.y * params.groupsX + wid.x;
  if (g >= params.groups) { return; }
  let start = g * params.groupSize;
  let end = start + params.groupSize;

  var lo = 3.4e38;
  var hi = -3.4e38;
  for (var i = start + lid.x; i < end; i += WG) {
    let w = values[i];
    lo = min(lo, w);
    hi = max(hi, w);
  }
  lows[lid.x] = lo;
  highs[lid.x] = hi;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid.x < stride) {
      lows[lid.x] = min(lows[lid.x], lows[lid.x + stride]);
      highs[lid.x] = max(highs[lid.x], highs[lid.x + stride]);
    }
    workgroupBarrier();
  }

  let scale = max(highs[0] - lows[0], MIN_RANGE) / MAX_CODE;
  let zero = -round_half_up(lows[0] / scale);
  if (lid.x == 0u) {
    scales[g] = scale;
    zeros[g] = zero;
  }
  for (var i = start + lid.x; i < end; i += WG) {
    let code = clamp(round_half_up(values[i] / scale) + zero, 0.0, MAX_CODE);
    codes[i] = code;
    dequantized[i] = scale * (code - zero);
  }
}
