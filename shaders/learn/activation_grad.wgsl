// Backward of the pointwise activations, dz = dy ⊙ f'(z), for relu, gelu (tanh form, as in GPT-2) and tanh.
// Formulas mirror activationGradReference in src/learn/activationKernels.ts.
// Snippets: flat_index.

struct Params {
  total: u32,
}

@group(0) @binding(0) var<storage, read> preActivation: array<f32>;   // z
@group(0) @binding(1) var<storage, read> upstream: array<f32>;        // dL/dy, y = f(z)
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;      // dL/dz
@group(0) @binding(3) var<uniform> params: Params;

override ACTIVATION: u32 = 0u;  // index into ACTIVATIONS: relu, gelu, tanh

const GELU_C: f32 = 0.7978845608028654;  // √(2/π)
const GELU_K: f32 = 0.044715;

// WGSL's tanh may return NaN for large |x| on some drivers; clamp first (tanh(±20) is ±1 in f32).
fn tanhStable(x: f32) -> f32 {
  return tanh(clamp(x, -20.0, 20.0));
}

fn derivative(z: f32) -> f32 {
  switch ACTIVATION {
    case 0u: { return select(0.0, 1.0, z > 0.0); }
    case 1u: {
      let t = tanhStable(GELU_C * (z + GELU_K * z * z * z));
      return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_K * z * z);
    }
    case 2u: {
      let t = tanhStable(z);
      return 1.0 - t * t;
    }
    default: { return 1.0; }
  }
}

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  grad[idx] = upstream[idx] * derivative(preActivation[idx]);
}
