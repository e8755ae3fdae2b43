// One fused Adam/AdamW step over a whole parameter tensor and its two moments, in place, with PyTorch's
// torch.optim.Adam / AdamW semantics (amsgrad off). The host passes the bias corrections computed in float64.
// Snippets: flat_index.

struct Params {
  total: u32, decoupled: u32,   // decoupled = 1: AdamW (p ← p·(1 − lr·wd))
  lr: f32, beta1: f32, beta2: f32, weightDecay: f32,
  eps: f32, stepSize: f32, biasCorrection2Sqrt: f32,   // stepSize = lr / (1 − β1^t)
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> firstMoment: array<f32>;
@group(0) @binding(3) var<storage, read_write> secondMoment: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  var p = param[idx];
  var g = grad[idx];
  if (params.decoupled != 0u) {
    p = p * (1.0 - params.lr * params.weightDecay);
  } else {
    g = g + params.weightDecay * p;
  }
  let m = firstMoment[idx];
  let mNew = m + (1.0 - params.beta1) * (g - m);   // torch: exp_avg.lerp_(grad, 1 − β1)
  let vNew = params.beta2 * secondMoment[idx] + (1.0 - params.beta2) * g * g;
  firstMoment[idx] = mNew;
  secondMoment[idx] = vNew;
  let denom = sqrt(vNew) / params.biasCorrection2Sqrt + params.eps;
  param[idx] = p - params.stepSize * mNew / denom;
}
