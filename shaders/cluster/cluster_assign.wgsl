// Assignment steps of k-means and k-subspaces: nearest cluster per point, one-hot membership, centroid update,
// and per-cluster masked copies of the data. Labels are stored as f32 (exact below 2^24).
// Snippets: flat_index.

struct AssignParams {
  items: u32, clusters: u32, itemStride: u32, clusterStride: u32,
  batchStride: u32, total: u32,
}

// assign_nearest: for point i of batch item z, the cluster c with the smallest scores[z·batchStride + i·itemStride +
// c·clusterStride] (the first one on ties); labels and best are (batch, 1, items).
@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read_write> labels: array<f32>;
@group(0) @binding(2) var<storage, read_write> best: array<f32>;
@group(0) @binding(3) var<uniform> assign: AssignParams;

@compute @workgroup_size(WG_SIZE)
fn assign_nearest(ids: FlatIds) {
  let t = flatIndex(ids);
  if (t >= assign.total) { return; }
  let z = t / assign.items;
  let i = t % assign.items;
  let base = z * assign.batchStride + i * assign.itemStride;
  var bestScore = scores[base];
  var bestCluster = 0u;
  for (var c = 1u; c < assign.clusters; c++) {
    let s = scores[base + c * assign.clusterStride];
    if (s < bestScore) {
      bestScore = s;
      bestCluster = c;
    }
  }
  labels[t] = f32(bestCluster);
  best[t] = bestScore;
}

struct ShapeParams {
  items: u32, width: u32, total: u32,
}

// one_hot: member (batch, items, width) with member[z,i,c] = 1 where c = memberLabels[z,i], else 0.
@group(0) @binding(0) var<storage, read> memberLabels: array<f32>;
@group(0) @binding(1) var<storage, read_write> member: array<f32>;
@group(0) @binding(2) var<uniform> shape: ShapeParams;

@compute @workgroup_size(WG_SIZE)
fn one_hot(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= shape.total) { return; }
  let c = idx % shape.width;
  let row = idx / shape.width;
  member[idx] = select(0.0, 1.0, u32(memberLabels[row]) == c);
}

// centroid_update: centroids (batch, clusters, dims) = sums / counts, keeping the previous centroid of an empty cluster.
// counts is (batch, 1, clusters); shape.items = clusters, shape.width = dims.
@group(0) @binding(0) var<storage, read> sums: array<f32>;
@group(0) @binding(1) var<storage, read> counts: array<f32>;
@group(0) @binding(2) var<storage, read> previous: array<f32>;
@group(0) @binding(3) var<storage, read_write> centroids: array<f32>;
@group(0) @binding(4) var<uniform> update: ShapeParams;

@compute @workgroup_size(WG_SIZE)
fn centroid_update(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= update.total) { return; }
  let count = counts[idx / update.width];
  centroids[idx] = select(previous[idx], sums[idx] / count, count > 0.0);
}

// mask_rows: masked (clusters, items, dims), item c holding the rows of data whose rowLabels equal c and zeros elsewhere.
// shape.items = items, shape.width = dims; data is (1, items, dims) and rowLabels (1, 1, items).
@group(0) @binding(0) var<storage, read> data: array<f32>;
@group(0) @binding(1) var<storage, read> rowLabels: array<f32>;
@group(0) @binding(2) var<storage, read_write> masked: array<f32>;
@group(0) @binding(3) var<uniform> mask: ShapeParams;

@compute @workgroup_size(WG_SIZE)
fn mask_rows(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= mask.total) { return; }
  let e = matrixEntry(idx, mask.items, mask.width);   // (cluster, row, column)
  masked[idx] = select(0.0, data[e.y * mask.width + e.z], u32(rowLabels[e.y]) == e.x);
}

struct NearestParams {
  items: u32, clusters: u32, dims: u32, total: u32,
}

// nearest_centroid: for batch item (restart) z and point i, the centroid c of centers[z] with the smallest
// ‖x_i − c‖² (the first on ties), summed directly rather than from a Gram matrix (no cancellation in f32).
// points is (1, items, dims), shared by every batch item; centers (batch, clusters, dims); outputs (batch, 1, items).
@group(0) @binding(0) var<storage, read> points: array<f32>;
@group(0) @binding(1) var<storage, read> centers: array<f32>;
@group(0) @binding(2) var<storage, read_write> nearestLabels: array<f32>;
@group(0) @binding(3) var<storage, read_write> nearestDistances: array<f32>;
@group(0) @binding(4) var<uniform> nearest: NearestParams;

@compute @workgroup_size(WG_SIZE)
fn nearest_centroid(ids: FlatIds) {
  let t = flatIndex(ids);
  if (t >= nearest.total) { return; }
  let z = t / nearest.items;
  let i = t % nearest.items;
  let dims = nearest.dims;
  var bestDistance = 0.0;
  var bestCluster = 0u;
  for (var c = 0u; c < nearest.clusters; c++) {
    let base = (z * nearest.clusters + c) * dims;
    var s = 0.0;
    for (var p = 0u; p < dims; p++) {
      let diff = points[i * dims + p] - centers[base + p];
      s += diff * diff;
    }
    if (c == 0u || s < bestDistance) {
      bestDistance = s;
      bestCluster = c;
    }
  }
  nearestLabels[t] = f32(bestCluster);
  nearestDistances[t] = bestDistance;
}
