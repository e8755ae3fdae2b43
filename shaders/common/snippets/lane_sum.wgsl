// Snippet lane_sum: a tree sum over the T consecutive invocations that share one item (a column, a pair of columns).
// The kernel declares `override WG: u32` (invocations per workgroup), `override T: u32` (a power of two dividing WG)
// and `alias LaneSum = …;` (f32 or a vector of f32), and calls laneSum from uniform control flow.

var<workgroup> lanePartials: array<LaneSum, WG>;

// The sum of `v` over the T invocations of the caller's group, returned to each of them. T = 1 needs no barrier.
fn laneSum(lid: u32, v: LaneSum) -> LaneSum {
  if (T == 1u) { return v; }
  lanePartials[lid] = v;
  workgroupBarrier();
  let lane = lid % T;
  for (var s = T / 2u; s > 0u; s >>= 1u) {
    if (lane < s) { lanePartials[lid] += lanePartials[lid + s]; }
    workgroupBarrier();
  }
  let total = lanePartials[lid - lane];
  workgroupBarrier();
  return total;
}
