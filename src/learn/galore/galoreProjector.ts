// One weight matrix's GaLore projector: refreshed every T steps from the gradient's top-r SVD or by DCT column selection, optionally int4 and adaptive.
import type { Backend, Tensor } from '../../engine/backend';
import { svd, type SvdMethod } from '../../linalg/svd';
import { basisColumns, dctBasis, topIndices } from './dctBasis';
import { dequantizeInt4, int4Bytes, quantizeInt4, type Int4Matrix } from './int4';
import { projectionSide, type ProjectionSide } from './projectedAdam';

export type SubspaceRule = 'svd' | 'dct';

/** Q-GaLore's lazy refresh: when the mean |cos| of the last `queueSize` successive top singular vectors reaches the threshold, T ← ⌊γ·T⌋. */
export type AdaptiveRefresh = { cosThreshold: number; gamma: number; queueSize: number };

export type ProjectorOptions = {
  rank: number;
  /** T: refresh when step % T = 0 (0-based steps, so the first step always refreshes). */
  gap: number;
  rule: SubspaceRule;
  svdMethod: SvdMethod;
  /** DCT: rank the basis columns by the ℓ1 (official default) or ℓ2 norm of G·Q's columns. */
  dctNorm?: 'l1' | 'l2';
  /** Store P as int4 with one scale per row of the official layout (Vᵀ for tall, U for wide) or per tensor. */
  quant?: 'row' | 'tensor' | null;
  adaptive?: AdaptiveRefresh | null;
};

const dctCache = new Map<number, Float64Array>();
function cachedDct(n: number): Float64Array {
  let q = dctCache.get(n);
  if (!q) dctCache.set(n, (q = dctBasis(n)));
  return q;
}

/** The projection P of one m×n weight's gradient (P is n×r for 'right', m×r for 'left', absent for 'identity'). */
export class GaloreProjector {
  readonly side: ProjectionSide;
  P: Tensor | null = null;
  gap: number;
  svds = 0;
  refreshes = 0;
  /** |cos| between the last two top singular vectors (Q-GaLore), or null. */
  lastCos: number | null = null;
  /** Largest |w − w̃| / (scale/2) over the last quantization (≤ 1 by construction). */
  lastQuantRatio = 0;
  private refreshedAt = -1;
  private readonly queue: number[] = [];
  private pastVector: Float64Array | null = null;
  private quantized: Int4Matrix | null = null;
  private dctQ: Tensor | null = null;

  constructor(private readonly be: Backend, readonly rows: number, readonly cols: number, readonly o: ProjectorOptions) {
    if (!(Number.isInteger(o.rank) && o.rank >= 1)) throw new RangeError(`GaloreProjector: rank must be a positive integer, got ${o.rank}`);
    if (!(Number.isInteger(o.gap) && o.gap >= 1)) throw new RangeError(`GaloreProjector: gap must be a positive integer, got ${o.gap}`);
    this.side = projectionSide(rows, cols, o.rank);
    this.gap = o.gap;
  }

  /** r for projected sides, else the full size. */
  get rank(): number {
    return this.side === 'identity' ? Math.min(this.rows, this.cols) : this.o.rank;
  }

  /** Whether `step` (0-based) recomputes P. The identity never does. */
  due(step: number): boolean {
    return this.side !== 'identity' && this.refreshedAt !== step && (this.P === null || step % this.gap === 0);
  }

  /** Recomputes P from the gradient G (m×n) of step `step`; reads back only what the rule needs. */
  async refresh(G: Tensor, seed: number, step = 0): Promise<void> {
    if (this.side === 'identity') return;
    const basis = this.o.rule === 'dct' ? await this.dctColumns(G) : await this.svdBasis(G, seed);
    // one readback serves both Q-GaLore steps
    const host = (this.o.adaptive && this.o.rule === 'svd') || this.o.quant ? await this.be.read(basis) : null;
    if (host && this.o.adaptive && this.o.rule === 'svd') this.adapt(host, basis.rows);
    const next = host && this.o.quant ? this.quantize(basis, host) : basis;
    if (this.P) this.be.dispose(this.P);
    this.P = next;
    this.refreshes++;
    this.refreshedAt = step;
  }

  /** Bytes the projector keeps: r·n floats (SVD), r indices (DCT, the basis is a formula), int4 codes + scales (quantized). */
  stateBytes(): number {
    if (this.side === 'identity') return 0;
    const entries = (this.side === 'right' ? this.cols : this.rows) * this.o.rank;
    if (this.o.rule === 'dct') return 4 * this.o.rank;
    if (this.o.quant) return this.quantized ? int4Bytes(this.quantized) : Math.ceil(entries / 2) + 8 * this.quantGroups();
    return 4 * entries;
  }

  dispose(): void {
    if (this.P) this.be.dispose(this.P);
    if (this.dctQ) this.be.dispose(this.dctQ);
    this.P = null;
    this.dctQ = null;
  }

  private async svdBasis(G: Tensor, seed: number): Promise<Tensor> {
    const { U, V } = await svd(this.be, G, { k: this.o.rank, method: this.o.svdMethod, seed });
    this.svds++;
    if (this.side === 'right') {
      this.be.dispose(U);
      return V;
    }
    this.be.dispose(V);
    return U;
  }

  private async dctColumns(G: Tensor): Promise<Tensor> {
    const be = this.be;
    const n = this.side === 'right' ? this.cols : this.rows;
    const Q = cachedDct(n);
    this.dctQ ??= be.keep(be.upload(Q, { rows: n, cols: n }));
    const dctQ = this.dctQ;
    const scores = be.tidy(() => {
      // right: columns of G·Q; left: rows of Qᵀ·G
      const S = this.side === 'right' ? be.matmul(G, dctQ) : be.matmul(dctQ, G, { transA: true });
      const axis = this.side === 'right' ? 'perCol' : 'perRow';
      return this.o.dctNorm === 'l2' ? be.reduce('sumSquares', S, axis) : be.reduce('sum', be.elementwise('abs', S), axis);
    });
    let values: Float64Array;
    try {
      values = await be.read(scores);
    } finally {
      be.dispose(scores);
    }
    return be.upload(basisColumns(Q, n, topIndices(values, this.o.rank)), { rows: n, cols: this.o.rank });
  }

  /** Q-GaLore: |cos| of the top singular vector with the previous one; a run of agreement doubles T. */
  private adapt(values: Float64Array, rows: number): void {
    const a = this.o.adaptive!;
    const r = this.o.rank;
    const first = Float64Array.from({ length: rows }, (_, i) => values[i * r]);
    if (this.pastVector) {
      let dot = 0, na = 0, nb = 0;
      for (let i = 0; i < first.length; i++) {
        dot += first[i] * this.pastVector[i];
        na += first[i] ** 2;
        nb += this.pastVector[i] ** 2;
      }
      // Singular vectors are defined up to sign, so agreement is |cos| (the official code compares signed vectors).
      this.lastCos = Math.abs(dot) / Math.max(Math.sqrt(na * nb), 1e-30);
      if (this.queue.length === a.queueSize) this.queue.shift();
      this.queue.push(this.lastCos);
      const mean = this.queue.reduce((s, c) => s + c, 0) / this.queue.length;
      if (this.queue.length === a.queueSize && mean >= a.cosThreshold) this.gap = Math.max(1, Math.floor(this.gap * a.gamma));
    }
    this.pastVector = first;
  }

  private quantGroups(): number {
    if (this.o.quant === 'tensor') return 1;
    return this.side === 'right' ? this.o.rank : this.rows;
  }

  /** int4 codes of P in the official layout (Vᵀ: r×n for tall, U: m×r for wide); the device keeps the dequantized P̃. */
  private quantize(basis: Tensor, values: Float64Array): Tensor {
    const be = this.be;
    const n = basis.rows;
    const r = basis.cols;
    be.dispose(basis);
    // official layout, row-major
    const layout = this.side === 'right' ? Float64Array.from({ length: n * r }, (_, idx) => values[(idx % n) * r + Math.floor(idx / n)]) : values;
    const groupSize = this.o.quant === 'tensor' ? n * r : this.side === 'right' ? n : r;
    const q = quantizeInt4(layout, groupSize);
    const deq = dequantizeInt4(q);
    let worst = 0;
    for (let i = 0; i < deq.length; i++) worst = Math.max(worst, Math.abs(deq[i] - layout[i]) / (q.scales[Math.floor(i / groupSize)] / 2));
    this.lastQuantRatio = worst;
    this.quantized = q;
    const back = this.side === 'right' ? Float64Array.from({ length: n * r }, (_, idx) => deq[(idx % r) * n + Math.floor(idx / r)]) : deq;
    return be.upload(back, { rows: n, cols: r });
  }
}
