// Q-GaLore INT8 weights: `quantize` packs code = clamp(SR(w / scale), −128, 127) four to a u32 word (one thread per
// word) with stochastic rounding SR(x) = ⌊x⌋ + [u < x − ⌊x⌋]; `dequantize` gives w̃ = scale·code (one thread per entry).
// u comes from a counter hash of (seed, step, entry index), not a stream, so the draw is reproducible and identical to
// the float64 twin's (srUniform / quantizeInt8Sr / dequantizePackedInt8 in src/learn/galore/int8Sr.ts).
// Code i sits in bits 8·(i mod 4)… of word ⌊i/4⌋ as a two's-complement byte; the last word's spare bytes are 0.
// Both entry points bind the same three buffers (values is written by `dequantize`, read by `quantize`).
// Snippets: flat_index.

struct Params {
  n: u32, groupSize: u32, words: u32,
  seed: u32, step: u32,
}

@group(0) @binding(0) var<storage, read_write> values: array<f32>;   // (n)
@group(0) @binding(1) var<storage, read> scales: array<f32>;         // (n / groupSize)
@group(0) @binding(2) var<storage, read_write> packed: array<u32>;   // (words = ⌈n / 4⌉), raw bits of an f32-typed tensor
@group(0) @binding(3) var<uniform> params: Params;

fn hash32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

// 24 random bits scaled to [0, 1): exact in f32, so both backends compare the same u
fn uniform01(i: u32) -> f32 {
  let h = hash32(i + hash32(params.step + hash32(params.seed)));
  return f32(h >> 8u) * (1.0 / 16777216.0);
}

@compute @workgroup_size(WG_SIZE)
fn quantize(ids: FlatIds) {
  let w = flatIndex(ids);
  if (w >= params.words) { return; }
  var word = 0u;
  for (var k = 0u; k < 4u; k++) {
    let i = w * 4u + k;
    if (i >= params.n) { break; }
    let x = values[i] / scales[i / params.groupSize];
    let f = floor(x);
    let up = select(0.0, 1.0, uniform01(i) < x - f);
    let code = i32(clamp(f + up, -128.0, 127.0));
    word = word | ((bitcast<u32>(code) & 0xffu) << (8u * k));
  }
  packed[w] = word;
}

@compute @workgroup_size(WG_SIZE)
fn dequantize(ids: FlatIds) {
  let i = flatIndex(ids);
  if (i >= params.n) { return; }
  // shift the byte to the top, then arithmetic-shift back down to sign-extend it
  let code = bitcast<i32>(packed[i / 4u] << (24u - 8u * (i % 4u))) >> 24u;
  values[i] = scales[i / params.groupSize] * f32(code);
}
