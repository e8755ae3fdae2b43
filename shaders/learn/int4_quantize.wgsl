// Q-GaLore int4 min–max quantization with the codes packed eight to a u32 word: `stats` (one workgroup per group of
// groupSize consecutive entries, row-major) finds scale and zero point; `pack` (one thread per word) writes the codes.
// Per group: scale = max(max − min, 1e-5) / 15, zero = −floor(min / scale + 0.5) (unclamped),
// code = clamp(floor(w / scale + 0.5) + zero, 0, 15); shaders/learn/int4_dequantize.wgsl gives w̃ = scale·(code − zero).
// Rounding is floor(x + 0.5), half up, as in src/learn/galore/int4.ts (WGSL round() would round half to even).
// Entry i's code sits in bits 4·(i mod 8)… of word ⌊i/8⌋ (packInt4's layout); the last word's unused nibbles are 0.
// Two passes because a group need not be a multiple of 8 entries: a word may hold codes of two groups.
// The packed words live in an f32-typed tensor as raw bits; only kernels that declare them array<u32> touch them.
// Snippets: flat_index.

struct Params {
  groupSize: u32, groups: u32, words: u32,
}

@group(0) @binding(0) var<storage, read> values: array<f32>;          // (groups·groupSize)
@group(0) @binding(1) var<storage, read_write> scales: array<f32>;    // (groups)
@group(0) @binding(2) var<storage, read_write> zeros: array<f32>;     // (groups), integers stored as f32
@group(0) @binding(3) var<storage, read_write> packed: array<u32>;    // (words = ⌈groups·groupSize / 8⌉)
@group(0) @binding(4) var<uniform> params: Params;

const MAX_CODE: f32 = 15.0;
const MIN_RANGE: f32 = 1e-5;

var<workgroup> lows: array<f32, WG_SIZE>;
var<workgroup> highs: array<f32, WG_SIZE>;

fn round_half_up(x: f32) -> f32 {
  return floor(x + 0.5);
}

@compute @workgroup_size(WG_SIZE)
fn stats(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  // both entry points bind the same buffer list, so this one marks `packed` as used without touching it
  _ = &packed;
  // the whole workgroup shares g, so this return keeps the barriers below in uniform control flow
  let g = flatWorkgroup(wid, groups);
  if (g >= params.groups) { return; }
  let start = g * params.groupSize;
  let end = start + params.groupSize;

  var lo = 3.4e38;
  var hi = -3.4e38;
  for (var i = start + lid.x; i < end; i += WG_SIZE) {
    let w = values[i];
    lo = min(lo, w);
    hi = max(hi, w);
  }
  lows[lid.x] = lo;
  highs[lid.x] = hi;
  workgroupBarrier();
  for (var stride = WG_SIZE / 2u; stride > 0u; stride = stride / 2u) {
    if (lid.x < stride) {
      lows[lid.x] = min(lows[lid.x], lows[lid.x + stride]);
      highs[lid.x] = max(highs[lid.x], highs[lid.x + stride]);
    }
    workgroupBarrier();
  }

  if (lid.x == 0u) {
    let scale = max(highs[0] - lows[0], MIN_RANGE) / MAX_CODE;
    scales[g] = scale;
    zeros[g] = -round_half_up(lows[0] / scale);
  }
}

@compute @workgroup_size(WG_SIZE)
fn pack(ids: FlatIds) {
  let w = flatIndex(ids);
  if (w >= params.words) { return; }
  let n = params.groups * params.groupSize;
  var word = 0u;
  for (var k = 0u; k < 8u; k++) {
    let i = w * 8u + k;
    if (i >= n) { break; }
    let g = i / params.groupSize;
    let code = clamp(round_half_up(values[i] / scales[g]) + zeros[g], 0.0, MAX_CODE);
    word = word | (u32(code) << (4u * k));
  }
  packed[w] = word;
}
