// Host-side scores of predictive probabilities read back from the device: NLL, accuracy, ECE and reliability bins.

/** Reliability diagram data: per confidence bin, its mean confidence, accuracy and sample count (empty bins: NaN → omitted). */
export type ReliabilityBins = { lower: number[]; confidence: number[]; accuracy: number[]; count: number[] };

export type Calibration = { nll: number; accuracy: number; ece: number; bins: ReliabilityBins };

/**
 * f32 softmax underflows to exactly 0 for a confidently wrong prediction; the NLL counts such a sample as −log of
 * this floor rather than +∞.
 */
const PROBABILITY_FLOOR = 1e-30;

/**
 * Scores predictive probabilities p (n, C) against labels:
 *   NLL = −(1/n) Σ log p[y],   ECE = Σ_b (|B_b|/n)·|acc(B_b) − conf(B_b)| over `bins` equal-width confidence bins,
 * where confidence = max_c p and a sample is correct when its argmax (first maximum) is its label.
 */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number, bins = 10): Calibration {
  const n = labels.length;
  if (probs.length !== n * classes) throw new RangeError(`calibration: ${probs.length} probabilities for ${n} samples of ${classes} classes`);
  if (!(n > 0)) throw new RangeError('calibration: no samples');
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  const hitSum = new Array<number>(bins).fill(0);
  let nll = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    const confidence = probs[i * classes + best];
    const truth = probs[i * classes + labels[i]];
    if (!(Number.isFinite(confidence) && Number.isFinite(truth))) throw new RangeError(`calibration: sample ${i} has a non-finite probability`);
    const hit = best === labels[i] ? 1 : 0;
    nll -= Math.log(Math.max(truth, PROBABILITY_FLOOR));
    hits += hit;
    const b = Math.min(bins - 1, Math.floor(confidence * bins));
    count[b]++;
    confSum[b] += confidence;
    hitSum[b] += hit;
  }
  let ece = 0;
  const out: ReliabilityBins = { lower: [], confidence: [], accuracy: [], count: [] };
  for (let b = 0; b < bins; b++) {
    if (!count[b]) continue;
    ece += (count[b] / n) * Math.abs(hitSum[b] / count[b] - confSum[b] / count[b]);
    out.lower.push(b / bins);
    out.confidence.push(confSum[b] / count[b]);
    out.accuracy.push(hitSum[b] / count[b]);
    out.count.push(count[b]);
  }
  return { nll: nll / n, accuracy: hits / n, ece, bins: out };
}
