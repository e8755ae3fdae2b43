// One weight matrix's GaLore projector: refreshed every T steps from the gradient's top-r SVD or by DCT column selection, optionally int4 and adaptive.
import type { Backend, Tensor } from '../../engine/backend';
import { svd, type SvdMethod } from '../../linalg/svd';
import { basisColumns, dctBasis, topIndices } from './dctBasis';
import { int4Words } from './int4';
import { dequantizeInt4OnBackend, disposeInt4, quantizeInt4OnBackend, type Int4Tensors } from './int4Kernels';
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
  gap: number;
  svds = 0;
  refreshes = 0;
  /** |cos| between the last two top singular vectors (Q-GaLore), or null. */
  lastCos: number | null = null;
  private refreshedAt = -1;
  private readonly queue: number[] = [];
  private pastVector: Float64Array | null = null;
  /** (1×1) largest |w − w̃| / (scale/2) of the last quantization, kept on the device until someone asks. */
  private quantRatio: Tensor | null = null;
  private dctQ: Tensor | null = null;
  /** P itself (n×r or m×r) when not quantized. */
  private exact: Tensor | null = null;
  /** Q-GaLore: P's packed int4 codes, scales and zero points (official layout), the only form kept between refreshes. */
  private q: Int4Tensors | null = null;

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

  /**
   * P (n×r for 'right', m×r for 'left'), or null before the first refresh and for the identity. Unquantized: the kept
   * tensor. int4: every read dequantizes the packed codes into a new temporary (and, for 'right', transposes Vᵀ back),
   * so read it inside be.tidy, as LowRankAdam.step does, or dispose it.
   */
  get P(): Tensor | null {
    if (!this.q) return this.exact;
    const be = this.be;
    const layout = dequantizeInt4OnBackend(be, this.q);
    if (this.side === 'left') return layout;
    const P = be.transpose(layout);
    be.dispose(layout);
    return P;
  }

  /** The int4 form kept on the device (packed codes, scales, zero points), or null when not quantized or not yet refreshed. */
  get quantized(): Readonly<Int4Tensors> | null {
    return this.q;
  }

  /** Whether `step` (0-based) recomputes P. The identity never does. */
  due(step: number): boolean {
    return this.side !== 'identity' && this.refreshedAt !== step && ((this.exact === null && this.q === null) || step % this.gap === 0);
  }

  /**
   * Recomputes P from the gradient G (m×n) of step `step`; reads back only what the rule needs (DCT scores, and for
   * the adaptive refresh P's first column). int4 quantization runs on the backend and reads nothing back.
   */
  async refresh(G: Tensor, seed: number, step = 0): Promise<void> {
    if (this.side === 'identity') return;
    const basis = this.o.rule === 'dct' ? await this.dctColumns(G) : await this.svdBasis(G, seed);
    if (this.o.adaptive && this.o.rule === 'svd') {
      try {
        await this.adapt(basis);
      } catch (e) {
        this.be.dispose(basis);
        throw e;
      }
    }
    if (this.o.quant) {
      const next = this.quantize(basis);
      if (this.q) disposeInt4(this.be, this.q);
      this.q = next;
    } else {
      if (this.exact) this.be.dispose(this.exact);
      this.exact = basis;
    }
    this.refreshes++;
    this.refreshedAt = step;
  }

  /**
   * Bytes the projector keeps on the device: P itself, r·n floats (or, with int4, 4 per packed word (⌈r·n/8⌉ words)
   * plus 4 per scale and 4 per zero point), and for the DCT rule also the n×n DCT basis it scores columns with
   * (uploaded at the first refresh and kept). Known before the first refresh. Not counted: the 1×1 quantization-error
   * diagnostic.
   */
  stateBytes(): number {
    if (this.side === 'identity') return 0;
    const n = this.side === 'right' ? this.cols : this.rows;
    const entries = n * this.o.rank;
    const projector = this.o.quant ? 4 * (int4Words(entries) + 2 * this.quantGroups()) : 4 * entries;
    return projector + (this.o.rule === 'dct' ? 4 * n * n : 0);
  }

  /** Largest |w − w̃| / (scale/2) over the last quantization (≤ 1 up to rounding by construction), or 0 before any. Reads one number. */
  async quantErrorRatio(): Promise<number> {
    return this.quantRatio ? (await this.be.read(this.quantRatio))[0] : 0;
  }

  dispose(): void {
    for (const t of [this.exact, this.dctQ, this.quantRatio]) if (t) this.be.dispose(t);
    if (this.q) disposeInt4(this.be, this.q);
    this.exact = null;
    this.q = null;
    this.dctQ = null;
    this.quantRatio = null;
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

  /** Q-GaLore: |cos| of the top singular vector (P's first column, read back) with the previous one; a run of agreement doubles T. */
  private async adapt(basis: Tensor): Promise<void> {
    const a = this.o.adaptive!;
    const column = this.be.slice(basis, 0, 0, basis.rows, 1);
    let first: Float64Array;
    try {
      first = await this.be.read(column);
    } finally {
      this.be.dispose(column);
    }
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

  /**
   * int4 codes of P in the official layout (Vᵀ: r×n for tall, U: m×r for wide), quantized and packed on the backend;
   * only the packed codes, scales and zero points survive. Takes ownership of `basis`.
   */
  private quantize(basis: Tensor): Int4Tensors {
    const be = this.be;
    const n = basis.rows;
    const r = basis.cols;
    const groupSize = this.o.quant === 'tensor' ? n * r : this.side === 'right' ? n : r;
    const { q, ratio } = be.tidy(() => {
      const layout = this.side === 'right' ? be.transpose(basis) : basis;
      const q = quantizeInt4OnBackend(be, layout, groupSize);
      // w̃ from the packed words, as every step will see it; one group per row of the layout (scales rows×1) or one
      // for all of it (1×1): both broadcast against it
      const error = be.elementwise('abs', be.elementwise('add', layout, dequantizeInt4OnBackend(be, q), 1, -1));
      const ratio = be.elementwise('scale', be.reduce('max', be.elementwise('div', error, q.scales), 'all'), null, 2, 0);
      return { q, ratio };
    });
    be.dispose(basis);
    if (this.quantRatio) be.dispose(this.quantRatio);
    this.quantRatio = ratio;
    return q;
  }
}
