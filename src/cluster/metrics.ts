// Clustering scores against ground truth: Hungarian-matched accuracy, NMI (arithmetic mean, sklearn's default) and ARI.

/** Compact indices 0..c−1 for arbitrary integer labels, in order of first appearance. */
function compact(labels: ArrayLike<number>): { codes: Int32Array; count: number } {
  const seen = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let c = seen.get(labels[i]);
    if (c === undefined) seen.set(labels[i], (c = seen.size));
    codes[i] = c;
  }
  return { codes, count: seen.size };
}

/**
 * Contingency table of two labelings: counts[i·cols + j] = #{s : truth_s is class i, pred_s is cluster j}.
 * Labels may be any integers; they are compacted first.
 */
export function contingency(pred: ArrayLike<number>, truth: ArrayLike<number>): { counts: Float64Array; rows: number; cols: number } {
  if (pred.length !== truth.length) throw new RangeError(`metrics: ${pred.length} predictions for ${truth.length} true labels`);
  const t = compact(truth);
  const p = compact(pred);
  const counts = new Float64Array(t.count * p.count);
  for (let s = 0; s < pred.length; s++) counts[t.codes[s] * p.count + p.codes[s]]++;
  return { counts, rows: t.count, cols: p.count };
}

/**
 * Minimum-cost assignment by the Hungarian algorithm (Kuhn–Munkres with potentials), O(n²m).
 * @param cost row-major n×m with n ≤ m
 * @returns assignment[i] = the column given to row i (distinct columns)
 * @see https://cp-algorithms.com/graph/hungarian-algorithm.html
 */
export function hungarian(cost: ArrayLike<number>, n: number, m: number): Int32Array {
  if (n > m) throw new RangeError(`hungarian: needs rows ≤ cols, got ${n}×${m}`);
  if (cost.length !== n * m) throw new RangeError(`hungarian: ${cost.length} costs for ${n}×${m}`);
  // 1-based arrays as in the reference: u, v potentials; p[j] = row matched to column j; way = augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] > 0) assignment[p[j] - 1] = j - 1;
  return assignment;
}

/**
 * The one-to-one relabeling of predicted clusters that agrees most with the truth (Hungarian on the contingency table).
 * @returns mapped[s] = the true label assigned to pred[s]'s cluster, or −1 when that cluster got no class (more clusters than classes)
 */
export function matchLabels(pred: ArrayLike<number>, truth: ArrayLike<number>): Int32Array {
  const { counts, rows, cols } = contingency(pred, truth);
  const size = Math.max(rows, cols);
  // Square, padded with zeros; maximize matches = minimize −count.
  const cost = new Float64Array(size * size);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cost[j * size + i] = -counts[i * cols + j];
  const clusterToClass = hungarian(cost, size, size);
  const classValues = firstAppearanceValues(truth);
  const clusterCodes = compact(pred).codes;
  const mapped = new Int32Array(pred.length);
  for (let s = 0; s < pred.length; s++) {
    const cls = clusterToClass[clusterCodes[s]];
    mapped[s] = cls < rows ? classValues[cls] : -1;
  }
  return mapped;
}

function firstAppearanceValues(labels: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!seen.has(labels[i])) (seen.add(labels[i]), out.push(labels[i]));
  return out;
}

/** Clustering accuracy: the fraction of samples right under the best one-to-one cluster→class matching. In [0, 1]. */
export function accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (pred.length === 0) return 1;
  const mapped = matchLabels(pred, truth);
  let right = 0;
  for (let s = 0; s < pred.length; s++) if (mapped[s] === truth[s]) right++;
  return right / pred.length;
}

/** Shannon entropy (nats) of counts summing to total. */
function entropy(counts: ArrayLike<number>, total: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) h -= (counts[i] / total) * Math.log(counts[i] / total);
  return h;
}

function marginals(c: { counts: Float64Array; rows: number; cols: number }): { a: Float64Array; b: Float64Array } {
  const a = new Float64Array(c.rows);
  const b = new Float64Array(c.cols);
  for (let i = 0; i < c.rows; i++) for (let j = 0; j < c.cols; j++) {
    a[i] += c.counts[i * c.cols + j];
    b[j] += c.counts[i * c.cols + j];
  }
  return { a, b };
}

/**
 * Normalized mutual information MI(U, V) / ((H(U) + H(V))/2), as scikit-learn's normalized_mutual_info_score
 * with average_method='arithmetic' (its default), including its special cases (one cluster each: 1; MI = 0: 0).
 */
export function nmi(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  const c = contingency(pred, truth);
  const total = pred.length;
  if ((c.rows === 1 && c.cols === 1) || total === 0) return 1;
  const { a, b } = marginals(c);
  let mi = 0;
  for (let i = 0; i < c.rows; i++) for (let j = 0; j < c.cols; j++) {
    const nij = c.counts[i * c.cols + j];
    if (nij > 0) mi += (nij / total) * Math.log((total * nij) / (a[i] * b[j]));
  }
  if (mi <= 0) return 0;
  const normalizer = Math.max((entropy(a, total) + entropy(b, total)) / 2, Number.EPSILON);
  return Math.min(1, mi / normalizer);
}

const pairs = (x: number) => (x * (x - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie), as scikit-learn's adjusted_rand_score: 1 for identical partitions,
 * about 0 for independent ones. Both-trivial partitions (one cluster each, or all singletons) score 1.
 */
export function ari(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  const c = contingency(pred, truth);
  const total = pred.length;
  if (c.rows === c.cols && (c.rows <= 1 || c.rows === total)) return 1;
  const { a, b } = marginals(c);
  let index = 0;
  for (let i = 0; i < c.counts.length; i++) index += pairs(c.counts[i]);
  let sumA = 0, sumB = 0;
  for (const x of a) sumA += pairs(x);
  for (const x of b) sumB += pairs(x);
  const expected = (sumA * sumB) / pairs(total);
  const maximum = (sumA + sumB) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
