// Trains one GCR head on the backend from device-resident features, then evaluates it with a single readback.
import type { Backend, Tensor } from '../../engine/backend';
import { Rng } from '../../data/rng';
import { copySegment, gatherRows, uninitialized } from '../../learn/gatherKernels';
import { softmaxCrossEntropy } from '../../learn/softmaxCrossEntropy';
import type { DeviceDataset } from '../../learn/trainer';
import type { Subspace } from './gcr';
import { createHead, type GcrHeadOptions } from './gcrHead';
import { disposeHead, headForward, headLossAndGrads, uploadHead, type DeviceHead } from './deviceHead';
import { DeviceRiemannianSgd } from './deviceRiemannianSgd';

export type HeadTrainingOptions = GcrHeadOptions & { lr: number; momentum: number; steps: number; batchSize: number; seed: number };

export type TrainedHead = {
  /** Test accuracy. */
  accuracy: number;
  /** (nTest, dim) unit test features x̂, row-major. */
  xhat: Float64Array;
  /** The class subspaces after training. */
  S: Subspace[];
  /** Largest ‖S_cᵀS_c − I‖_max after any step. */
  worstOrthonormality: number;
  /** Mean batch loss over the last 10% of steps. */
  loss: number;
  /** For an unsigned k = 1 head: max |γ‖s_cᵀx̂‖ − γ|s_cᵀz|/(‖s_c‖‖z‖)| over test rows and classes (device logits vs host formula). */
  cosineGap: number | null;
};

/** Steps between yields to the event loop: work is submitted in slices and a cancel can get through. */
const YIELD_EVERY = 10;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Trains a head as gcrHead.ts's host loop does: init from createHead(seed + 1), batches from an Rng(seed + 2) that
 * reshuffles one permutation whenever a batch would run past its end. No readback until training ends.
 * @returns null when `signal` aborts first
 */
export async function trainDeviceHead(be: Backend, train: DeviceDataset, test: DeviceDataset, o: HeadTrainingOptions, signal?: AbortSignal): Promise<TrainedHead | null> {
  const { lr, momentum, steps, batchSize: B, seed, ...headOptions } = o;
  if (train.X.cols !== o.inputs || test.X.cols !== o.inputs) throw new RangeError(`trainDeviceHead: features must have ${o.inputs} columns`);
  if (!(B >= 1 && B <= train.n)) throw new RangeError(`trainDeviceHead: batch size ${B} does not fit ${train.n} samples`);
  const head = uploadHead(be, createHead(headOptions, new Rng(seed + 1)));
  const opt = new DeviceRiemannianSgd(be, head, lr, momentum);
  const order = new Rng(seed + 2);
  const perm = Int32Array.from({ length: train.n }, (_, i) => i);
  let permT: Tensor | null = null;
  let cursor = train.n;
  let tail = be.keep(be.fill({ rows: 1, cols: 2 }, 0));
  let tailSteps = 0;
  try {
    for (let s = 0; s < steps; s++) {
      if (signal?.aborted) return null;
      if (cursor + B > train.n) {
        order.shuffle(perm);
        if (permT) be.dispose(permT);
        permT = null; // an upload that throws (a lost device) must not leave the finally a disposed tensor
        permT = be.keep(be.upload(perm, { rows: train.n, cols: 1 }));
        cursor = 0;
      }
      const inTail = s >= steps * 0.9;
      be.tidy(() => {
        const h = gatherRows(be, train.X, permT!, cursor, B);
        const y = gatherRows(be, train.y, permT!, cursor, B);
        const g = headLossAndGrads(be, head, h, y);
        opt.step(g);
        if (inTail) {
          const next = be.keep(be.elementwise('add', tail, be.reduce('sum', g.rowStats, 'perCol')));
          be.dispose(tail);
          tail = next;
        }
      });
      if (inTail) tailSteps++;
      cursor += B;
      if (s % YIELD_EVERY === YIELD_EVERY - 1) await nextTask();
    }
    if (signal?.aborted) return null;
    const gap = o.k === 1 && !o.signed;
    const layout = evaluationLayout(head, test.n, gap);
    const packed = be.tidy(() => packEvaluation(be, head, test, tail, opt.worstOrthonormality, layout));
    let v: Float64Array;
    try {
      v = await be.read(packed);
    } finally {
      be.dispose(packed);
    }
    return unpackEvaluation(v, head, test.n, tailSteps * B, layout);
  } finally {
    if (permT) be.dispose(permT);
    be.dispose(tail);
    opt.dispose();
    disposeHead(be, head);
  }
}

/** Where each result sits in the one flat tensor read back after training. */
type EvaluationLayout = { xhat: number; S: number; z: number; logits: number; size: number };

function evaluationLayout(head: DeviceHead, nTest: number, gap: boolean): EvaluationLayout {
  const { dim, classes, k } = head;
  const xhat = 4; // [correct, Σ tail loss, tail correct (unused), worst orthonormality]
  const S = xhat + nTest * dim;
  const z = S + classes * dim * k;
  const logits = z + (gap ? nTest * dim : 0);
  return { xhat, S, z, logits, size: logits + (gap ? nTest * classes : 0) };
}

function packEvaluation(be: Backend, head: DeviceHead, test: DeviceDataset, tail: Tensor, worst: Tensor, at: EvaluationLayout): Tensor {
  const f = headForward(be, head, test.X);
  const correct = be.reduce('sum', softmaxCrossEntropy(be, f.logits, test.y).rowStats, 'perCol'); // (1, 2): [Σ loss, Σ correct]
  const out = uninitialized(be, { rows: 1, cols: at.size });
  copySegment(be, correct, 1, out, 0, 1);
  copySegment(be, tail, 0, out, 1, 2);
  copySegment(be, worst, 0, out, 3, 1);
  copySegment(be, f.xhat, 0, out, at.xhat, at.S - at.xhat);
  copySegment(be, head.S, 0, out, at.S, at.z - at.S);
  if (at.size > at.logits) {
    copySegment(be, f.z, 0, out, at.z, at.logits - at.z);
    copySegment(be, f.logits, 0, out, at.logits, at.size - at.logits);
  }
  return out;
}

function unpackEvaluation(v: Float64Array, head: DeviceHead, nTest: number, tailSamples: number, at: EvaluationLayout): TrainedHead {
  const { dim, classes, k, gamma } = head;
  const size = dim * k;
  const S = Array.from({ length: classes }, (_, c) => ({ d: dim, k, data: v.slice(at.S + c * size, at.S + (c + 1) * size) }));
  let cosineGap: number | null = null;
  if (at.size > at.logits) {
    cosineGap = 0;
    for (let i = 0; i < nTest; i++) {
      const z = v.subarray(at.z + i * dim, at.z + (i + 1) * dim);
      const zn = Math.hypot(...z);
      for (let c = 0; c < classes; c++) {
        const s = S[c].data;
        let dot = 0;
        for (let r = 0; r < dim; r++) dot += s[r] * z[r];
        const cos = dot / (Math.hypot(...s) * zn);
        cosineGap = Math.max(cosineGap, Math.abs(v[at.logits + i * classes + c] - gamma * Math.abs(cos)));
      }
    }
  }
  return {
    accuracy: v[0] / nTest,
    xhat: v.slice(at.xhat, at.S),
    S,
    worstOrthonormality: v[3],
    loss: v[1] / Math.max(1, tailSamples),
    cosineGap,
  };
}
