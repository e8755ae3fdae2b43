// Host bookkeeping for the metric learners: which training images each learner owns, and triplets drawn from them.
import type { Rng } from '../../data/rng';

/** Training images grouped by (learner, class): owner[k][c] lists the image indices of class c that learner k owns. */
export type Ownership = number[][][];

/**
 * Groups images by the learner that owns them (the k-means cluster of their embedding, as in divide-and-conquer metric learning).
 * @param labels class of each image (n); clusters learner of each image (n), 0..learners−1
 */
export function ownership(labels: ArrayLike<number>, clusters: ArrayLike<number>, learners: number, classes: number): Ownership {
  if (labels.length !== clusters.length) throw new RangeError(`ownership: ${labels.length} labels but ${clusters.length} cluster ids`);
  const owner: Ownership = Array.from({ length: learners }, () => Array.from({ length: classes }, () => []));
  for (let i = 0; i < labels.length; i++) {
    const k = clusters[i];
    const c = labels[i];
    if (!(k >= 0 && k < learners && c >= 0 && c < classes)) throw new RangeError(`ownership: image ${i} has learner ${k}, class ${c}`);
    owner[k][c].push(i);
  }
  return owner;
}

/**
 * T random triplets for one learner, as 3T row indices: anchors, then positives (same class), then negatives (another class).
 * Anchors come from the learner's own images (from `all` if k-means left it none); a positive or negative the learner
 * does not own is taken from `all` instead.
 * @param own the learner's images by class; all every image by class
 */
export function drawTriplets(own: number[][], all: number[][], T: number, rng: Rng): Int32Array {
  if (own.every((m) => !m.length)) own = all;
  const pool = own.flatMap((members, c) => members.map((i) => [i, c] as const));
  if (!pool.length) throw new RangeError('drawTriplets: there are no images');
  const out = new Int32Array(3 * T);
  const pick = (list: number[]) => list[rng.int(list.length)];
  for (let t = 0; t < T; t++) {
    const [anchor, c] = pool[rng.int(pool.length)];
    const same = own[c].length > 1 ? own[c] : all[c];
    let positive = pick(same);
    if (positive === anchor && same.length > 1) positive = same[(same.indexOf(anchor) + 1 + rng.int(same.length - 1)) % same.length];
    const others = own.map((m, j) => (j === c ? 0 : m.length)).some((n) => n > 0) ? own : all;
    let negClass = rng.int(others.length - 1);
    if (negClass >= c) negClass++;
    while (negClass === c || !others[negClass].length) negClass = (negClass + 1) % others.length;
    out[t] = anchor;
    out[T + t] = positive;
    out[2 * T + t] = pick(others[negClass]);
  }
  return out;
}
