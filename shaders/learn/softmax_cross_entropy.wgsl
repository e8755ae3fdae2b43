// Fused softmax cross-entropy, one invocation per sample (row): max-subtracted softmax, the row's loss,
// whether its argmax hits the label, and the gradient (p − onehot)·gradScale. Mirrors softmaxCrossEntropyCpu.
// Snippets: flat_index.

struct Params {
  rows: u32, cols: u32,
  gradScale: f32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;          // (rows, cols)
@group(0) @binding(1) var<storage, read> labels: array<f32>;          // (rows, 1), class indices as floats
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;      // (rows, cols)
@group(0) @binding(3) var<storage, read_write> rowStats: array<f32>;  // (rows, 2): [loss, correct]
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let row = flatIndex(ids);
  if (row >= params.rows) { return; }
  let cols = params.cols;
  let base = row * cols;
  let label = u32(labels[row] + 0.5);
  var largest = logits[base];
  var best = 0u;
  for (var j = 1u; j < cols; j++) {
    let z = logits[base + j];
    if (z > largest) { largest = z; best = j; }
  }
  var total = 0.0;
  for (var j = 0u; j < cols; j++) { total += exp(logits[base + j] - largest); }
  let inv = 1.0 / total;
  for (var j = 0u; j < cols; j++) {
    let p = exp(logits[base + j] - largest) * inv;
    grad[base + j] = (p - select(0.0, 1.0, j == label)) * params.gradScale;
  }
  rowStats[row * 2u] = log(total) + largest - logits[base + label];
  rowStats[row * 2u + 1u] = select(0.0, 1.0, best == label);
}
