// Q-GaLore int4 dequantization, one thread per entry: w̃[i] = scale[g]·(code[i] − zero[g]) with g = ⌊i / groupSize⌋ and
// code[i] the 4-bit nibble at bits 4·(i mod 8)… of packed word ⌊i/8⌋ (the layout int4_quantize.wgsl writes).
// Float64 twin: dequantizePackedInt4 in src/learn/galore/int4.ts.
// Snippets: flat_index.

struct Params {
  n: u32, groupSize: u32,
}

@group(0) @binding(0) var<storage, read> packed: array<u32>;          // (⌈n / 8⌉), raw bits of an f32-typed tensor
@group(0) @binding(1) var<storage, read> scales: array<f32>;          // (n / groupSize)
@group(0) @binding(2) var<storage, read> zeros: array<f32>;           // (n / groupSize)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;       // (n)
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let i = flatIndex(ids);
  if (i >= params.n) { return; }
  let g = i / params.groupSize;
  let code = (packed[i / 8u] >> (4u * (i % 8u))) & 15u;
  out[i] = scales[g] * (f32(code) - zeros[g]);
}
