// Convergence of Lloyd-type iterations kept on the device, so the host reads it only every few iterations:
// record_convergence (the per-iteration history and the done flag), hold_when_done (freezes the iterate once done),
// count_changed (labels that moved since the last call). state = [done, iterations, history (slots, restarts)].
// Snippets: flat_index.

struct RecordParams {
  restarts: u32,    // independent runs checked together; done once every one has shift ≤ threshold
  slots: u32,       // history slots (iterations between two reads)
  iteration: u32,   // 0-based iteration being recorded; its history lands in slot iteration mod slots
  threshold: f32,   // already rounded down to f32 by the host, so `shift ≤ threshold` equals the f64 comparison
}

@group(0) @binding(0) var<storage, read_write> state: array<f32>;
@group(0) @binding(1) var<storage, read> shift: array<f32>;
@group(0) @binding(2) var<storage, read> value: array<f32>;
@group(0) @binding(3) var<uniform> record: RecordParams;

// One invocation: after done nothing more is recorded, so the history and the count stop at the converging iteration.
@compute @workgroup_size(1)
fn record_convergence() {
  if (state[0] != 0.0) { return; }
  var all = true;
  let base = 2u + (record.iteration % record.slots) * record.restarts;
  for (var r = 0u; r < record.restarts; r++) {
    state[base + r] = value[r];
    all = all && shift[r] <= record.threshold;
  }
  state[1] = f32(record.iteration + 1u);
  if (all) { state[0] = 1.0; }
}

struct HoldParams {
  total: u32,
}

@group(0) @binding(0) var<storage, read> holdState: array<f32>;
@group(0) @binding(1) var<storage, read> previous: array<f32>;
@group(0) @binding(2) var<storage, read_write> next: array<f32>;
@group(0) @binding(3) var<uniform> hold: HoldParams;

// next = previous once done: iterations past convergence leave the iterate exactly where it stopped.
@compute @workgroup_size(WG_SIZE)
fn hold_when_done(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= hold.total || holdState[0] == 0.0) { return; }
  next[idx] = previous[idx];
}

struct ChangedParams {
  total: u32,
  _pad0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read> labels: array<f32>;
@group(0) @binding(1) var<storage, read_write> lastLabels: array<f32>;
@group(0) @binding(2) var<storage, read_write> changed: array<f32>;
@group(0) @binding(3) var<uniform> count: ChangedParams;

const CHANGED_WG = 64u;
var<workgroup> partialCounts: array<u32, CHANGED_WG>;

// One workgroup: changed[0] = #{i : labels[i] ≠ lastLabels[i]} (exact: integer counts), then lastLabels = labels.
@compute @workgroup_size(CHANGED_WG)
fn count_changed(@builtin(local_invocation_id) lid: vec3<u32>) {
  var moved = 0u;
  for (var i = lid.x; i < count.total; i += CHANGED_WG) {
    if (labels[i] != lastLabels[i]) { moved++; }
    lastLabels[i] = labels[i];
  }
  partialCounts[lid.x] = moved;
  workgroupBarrier();
  if (lid.x == 0u) {
    var sum = 0u;
    for (var j = 0u; j < CHANGED_WG; j++) { sum += partialCounts[j]; }
    changed[0] = f32(sum);
  }
}
