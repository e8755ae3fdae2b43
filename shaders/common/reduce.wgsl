// Reductions per row, per column or over all of each batch item: `main` gives each output a workgroup, `serial` an invocation.
// Ops mirror reduceReference in src/engine/cpu/cpuBackend.ts.
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32, groups: u32, count: u32,   // groups: outputs per batch item; count: inputs per output
  groupStride: u32, elemStride: u32, batchStride: u32, outputs: u32,   // outputs = batch * groups
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> outp: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override OP: u32 = 0u; // index into REDUCE_OPS: sum, sumSquares, norm, max, min, argmax, maxAbs

var<workgroup> vals: array<f32, WG_SIZE>;
var<workgroup> idxs: array<u32, WG_SIZE>;

// A running reduction: the value so far and, for argmax, the index it came from.
struct Partial { value: f32, index: u32 }

fn identity() -> Partial {
  switch OP {
    case 3u, 5u: { return Partial(-3.0e38, 0xffffffffu); }
    case 4u: { return Partial(3.0e38, 0xffffffffu); }
    default: { return Partial(0.0, 0xffffffffu); }
  }
}

// Folds input e (value v) into acc; the first index wins ties for argmax.
fn fold(acc: Partial, v: f32, e: u32) -> Partial {
  switch OP {
    case 1u, 2u: { return Partial(fma(v, v, acc.value), acc.index); }
    case 6u: { return Partial(max(acc.value, abs(v)), acc.index); }
    default: { return combine(acc, Partial(v, e)); }
  }
}

// Merges two partial reductions of disjoint inputs.
fn combine(x: Partial, y: Partial) -> Partial {
  switch OP {
    case 0u, 1u, 2u: { return Partial(x.value + y.value, x.index); }
    case 3u, 6u: { return Partial(max(x.value, y.value), x.index); }
    case 4u: { return Partial(min(x.value, y.value), x.index); }
    case 5u: {
      if (y.value > x.value || (y.value == x.value && y.index < x.index)) { return y; }
      return x;
    }
    default: { return x; }
  }
}

// The output for a finished reduction (argmax of nothing is −1).
fn finish(acc: Partial) -> f32 {
  switch OP {
    case 2u: { return sqrt(acc.value); }
    case 5u: { return select(f32(acc.index), -1.0, acc.index == 0xffffffffu); }
    case 3u: { return select(acc.value, -3.0e38, params.count == 0u); }
    default: { return acc.value; }
  }
}

// Where output `out` reads its first input.
fn lineStart(out: u32) -> u32 {
  return (out / params.groups) * params.batchStride + (out % params.groups) * params.groupStride;
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let out = flatWorkgroup(wid, groups);
  if (out >= params.outputs) { return; }
  let base = lineStart(out);
  var acc = identity();
  for (var e = lid; e < params.count; e += WG_SIZE) { acc = fold(acc, a[base + e * params.elemStride], e); }
  vals[lid] = acc.value;
  idxs[lid] = acc.index;
  workgroupBarrier();
  for (var s = WG_SIZE / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let merged = combine(Partial(vals[lid], idxs[lid]), Partial(vals[lid + s], idxs[lid + s]));
      vals[lid] = merged.value;
      idxs[lid] = merged.index;
    }
    workgroupBarrier();
  }
  if (lid == 0u) { outp[out] = finish(Partial(vals[0], idxs[0])); }
}

// One invocation per output, looping over its inputs: for short lines and software adapters, where
// a workgroup with barriers per output costs far more than the arithmetic.
@compute @workgroup_size(WG_SIZE)
fn serial(ids: FlatIds) {
  let out = flatIndex(ids);
  if (out >= params.outputs) { return; }
  let base = lineStart(out);
  var acc = identity();
  for (var e = 0u; e < params.count; e++) { acc = fold(acc, a[base + e * params.elemStride], e); }
  outp[out] = finish(acc);
}
