// Reductions per row, per column or over all of each batch item; one workgroup per output entry.
// Ops mirror reduceReference in src/engine/cpu/cpuBackend.ts.

struct Params {
  rows: u32, cols: u32, groups: u32, count: u32,   // groups: outputs per batch item; count: inputs per output
  groupStride: u32, elemStride: u32, batchStride: u32, groupsX: u32,
  outputs: u32, _pad0: u32, _pad1: u32, _pad2: u32,              // outputs = batch * groups
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> outp: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override OP: u32 = 0u; // index into REDUCE_OPS: sum, sumSquares, norm, max, min, argmax, maxAbs

var<workgroup> vals: array<f32, 256>;
var<workgroup> idxs: array<u32, 256>;

fn identity() -> f32 {
  switch OP {
    case 3u, 5u: { return -3.0e38; }
    case 4u: { return 3.0e38; }
    default: { return 0.0; }
  }
}

// Combines (v, i) into (acc, accI); the first index wins ties for argmax.
fn better(v: f32, i: u32, acc: f32, accI: u32) -> bool {
  return v > acc || (v == acc && i < accI);
}

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let out = wid.y * params.groupsX + wid.x;   // flat output index: batch * groups + group
  if (out >= params.outputs) { return; }
  let z = out / params.groups;
  let g = out % params.groups;
  let base = z * params.batchStride + g * params.groupStride;

  var acc = identity();
  var accI: u32 = 0xffffffffu;
  for (var e = lid.x; e < params.count; e += 256u) {
    let v = a[base + e * params.elemStride];
    switch OP {
      case 0u: { acc += v; }
      case 1u, 2u: { acc = fma(v, v, acc); }
      case 3u: { acc = max(acc, v); }
      case 4u: { acc = min(acc, v); }
      case 5u: { if (better(v, e, acc, accI)) { acc = v; accI = e; } }
      case 6u: { acc = max(acc, abs(v)); }
      default: {}
    }
  }
  vals[lid.x] = acc;
  idxs[lid.x] = accI;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      let v = vals[lid.x + s];
      let i = idxs[lid.x + s];
      switch OP {
        case 0u, 1u, 2u: { vals[lid.x] += v; }
        case 3u, 6u: { vals[lid.x] = max(vals[lid.x], v); }
        case 4u: { vals[lid.x] = min(vals[lid.x], v); }
        case 5u: { if (better(v, i, vals[lid.x], idxs[lid.x])) { vals[lid.x] = v; idxs[lid.x] = i; } }
        default: {}
      }
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    switch OP {
      case 2u: { outp[out] = sqrt(vals[0]); }
      case 5u: { outp[out] = select(f32(idxs[0]), -1.0, idxs[0] == 0xffffffffu); }
      case 3u: { outp[out] = select(vals[0], -3.0e38, params.count == 0u); }
      default: { outp[out] = vals[0]; }
    }
  }
}

// One invocation per output, looping over its inputs: for short lines and software adapters, where
// a 256-wide workgroup with barriers per output costs far more than the arithmetic.
@compute @workgroup_size(64, 1, 1)
fn serial(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let out = (wid.y * params.groupsX + wid.x) * 64u + lid.x;
  if (out >= params.outputs) { return; }
  let z = out / params.groups;
  let g = out % params.groups;
  let base = z * params.batchStride + g * params.groupStride;
  var acc = identity();
  var accI: u32 = 0xffffffffu;
  for (var e = 0u; e < params.count; e++) {
    let v = a[base + e * params.elemStride];
    switch OP {
      case 0u: { acc += v; }
      case 1u, 2u: { acc = fma(v, v, acc); }
      case 3u: { acc = max(acc, v); }
      case 4u: { acc = min(acc, v); }
      case 5u: { if (better(v, e, acc, accI)) { acc = v; accI = e; } }
      case 6u: { acc = max(acc, abs(v)); }
      default: {}
    }
  }
  switch OP {
    case 2u: { outp[out] = sqrt(acc); }
    case 5u: { outp[out] = select(f32(accI), -1.0, accI == 0xffffffffu); }
    case 3u: { outp[out] = select(acc, -3.0e38, params.count == 0u); }
    default: { outp[out] = acc; }
  }
}
