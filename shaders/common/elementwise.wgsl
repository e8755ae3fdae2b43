// Fused elementwise family out = f(a, b, alpha, beta); the op and b's broadcast are override constants.
// Formulas mirror src/engine/cpu/elementwise.ts.
// Snippets: flat_index.

struct Params {
  total: u32, rows: u32, cols: u32, bBatchStride: u32,
  alpha: f32, beta: f32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> outp: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

override OP: u32 = 0u;     // index into ELEMENTWISE_OPS
override BCAST: u32 = 0u;  // 0 none, 1 same, 2 scalar, 3 row, 4 col

const GELU_C: f32 = 0.7978845608028654;

fn applyOp(x: f32, y: f32) -> f32 {
  let al = params.alpha;
  let be = params.beta;
  switch OP {
    case 0u: { return al * x + be * y; }              // add
    case 1u: { return x * y * al; }                    // mul
    case 2u: { return x / y; }                         // div
    case 3u: { return max(x, y); }                     // max
    case 4u: { return min(x, y); }                     // min
    case 5u: { return al * x + be; }                   // scale
    case 6u: { return select(0.0, x, x > 0.0); }       // relu
    case 7u: { return select(0.0, y, x > 0.0); }       // reluGrad
    case 8u: { return abs(x); }                        // abs
    case 9u: { return sign(x); }                       // sign
    case 10u: { return sqrt(x); }                      // sqrt
    case 11u: { return x * x; }                        // square
    case 12u: { return exp(x); }                       // exp
    case 13u: { return log(x); }                       // log
    case 14u: { return tanhStable(x); }                // tanh
    case 15u: { return 0.5 * x * (1.0 + tanhStable(GELU_C * (x + 0.044715 * x * x * x))); } // gelu
    case 16u: { return min(max(x, al), be); }          // clamp
    default: { return x; }
  }
}

// WGSL's tanh may return NaN for large |x| on some drivers; clamp first.
fn tanhStable(x: f32) -> f32 {
  return tanh(clamp(x, -20.0, 20.0));
}

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let e = matrixEntry(idx, params.rows, params.cols);   // (z, i, j)
  var y: f32 = 0.0;
  let base = e.x * params.bBatchStride;
  switch BCAST {
    case 1u: { y = b[base + e.y * params.cols + e.z]; }
    case 2u: { y = b[base]; }
    case 3u: { y = b[base + e.z]; }
    case 4u: { y = b[base + e.y]; }
    default: { y = 0.0; }
  }
  outp[idx] = applyOp(a[idx], y);
}
