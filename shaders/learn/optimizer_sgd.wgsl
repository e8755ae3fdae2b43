// One fused SGD step over a whole parameter tensor, in place, with PyTorch's torch.optim.SGD semantics:
// g += wd·p; buf = g on the first step, else μ·buf + (1 − dampening)·g; g = g + μ·buf (Nesterov) or buf; p −= lr·g.
// Snippets: flat_index.

struct Params {
  total: u32, flags: u32,   // flags: 1 first step, 2 Nesterov, 4 momentum on
  lr: f32, momentum: f32, dampening: f32, weightDecay: f32,
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> momentumBuffer: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let p = param[idx];
  var g = grad[idx] + params.weightDecay * p;
  if ((params.flags & 4u) != 0u) {
    var buf = g;
    if ((params.flags & 1u) == 0u) {
      buf = params.momentum * momentumBuffer[idx] + (1.0 - params.dampening) * g;
    }
    momentumBuffer[idx] = buf;
    g = select(buf, g + params.momentum * buf, (params.flags & 2u) != 0u);
  }
  param[idx] = p - params.lr * g;
}
