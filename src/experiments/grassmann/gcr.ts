// Grassmann class representation (GCR) in float64 on the host: class subspaces, their logits, Riemannian SGD.
import type { Rng } from '../../data/rng';

/** A d×k matrix with orthonormal columns, row-major (d rows, k columns). */
export type Subspace = { d: number; k: number; data: Float64Array };

/**
 * Thin QR by modified Gram–Schmidt, returning Q (d×k) with the sign convention diag(R) > 0, so that
 * Q is the unique QR retraction of A. Columns are re-orthogonalized once ("twice is enough").
 */
export function qrRetract(a: Float64Array, d: number, k: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < k; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < d; r++) dot += q[r * k + i] * q[r * k + j];
        for (let r = 0; r < d; r++) q[r * k + j] -= dot * q[r * k + i];
      }
    }
    let norm = 0;
    for (let r = 0; r < d; r++) norm += q[r * k + j] ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new RangeError('qrRetract: rank-deficient step');
    for (let r = 0; r < d; r++) q[r * k + j] /= norm;
  }
  return q;
}

/** A uniformly random point of Gr(k, d): QR of a Gaussian d×k matrix. */
export function randomSubspace(d: number, k: number, rng: Rng): Subspace {
  return { d, k, data: qrRetract(Float64Array.from(rng.normals(d * k)), d, k) };
}

/** max |(SᵀS − I)_ij|: how far S is from having orthonormal columns. */
export function orthonormalityError(s: Subspace): number {
  const { d, k, data } = s;
  let worst = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += data[r * k + i] * data[r * k + j];
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/** Π_S(G) = G − S(SᵀG): the Euclidean gradient G (d×k) projected to the tangent space of the Grassmannian at S. */
export function tangentProject(s: Subspace, g: Float64Array): Float64Array {
  const { d, k, data } = s;
  const stg = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let dot = 0;
    for (let r = 0; r < d; r++) dot += data[r * k + i] * g[r * k + j];
    stg[i * k + j] = dot;
  }
  const out = Float64Array.from(g);
  for (let r = 0; r < d; r++) for (let j = 0; j < k; j++) {
    let v = 0;
    for (let i = 0; i < k; i++) v += data[r * k + i] * stg[i * k + j];
    out[r * k + j] -= v;
  }
  return out;
}

/**
 * Projection coordinates p_c = S_cᵀ x̂ of one unit feature x̂ (length d) on every class subspace.
 * @returns per class a length-k array
 */
export function projections(subspaces: readonly Subspace[], xhat: ArrayLike<number>): Float64Array[] {
  return subspaces.map(({ d, k, data }) => {
    const p = new Float64Array(k);
    for (let r = 0; r < d; r++) for (let j = 0; j < k; j++) p[j] += data[r * k + j] * xhat[r];
    return p;
  });
}

/**
 * GCR logits γ‖S_cᵀ x̂‖ (signed = false), or, for k = 1 only, the cosine-softmax logits γ s_cᵀx̂ (signed = true).
 */
export function gcrLogits(subspaces: readonly Subspace[], xhat: ArrayLike<number>, gamma: number, signed = false): Float64Array {
  const p = projections(subspaces, xhat);
  return Float64Array.from(p, (pc) => (signed ? gamma * pc[0] : gamma * Math.hypot(...pc)));
}

/** cos of the smallest principal angle between two subspaces: σ_max(S_aᵀ S_b), by power iteration on MᵀM. */
export function smallestAngleCos(a: Subspace, b: Subspace): number {
  const { d } = a;
  const ka = a.k;
  const kb = b.k;
  const m = new Float64Array(ka * kb);
  for (let i = 0; i < ka; i++) for (let j = 0; j < kb; j++) {
    let dot = 0;
    for (let r = 0; r < d; r++) dot += a.data[r * ka + i] * b.data[r * kb + j];
    m[i * kb + j] = dot;
  }
  let v = Float64Array.from({ length: kb }, (_, j) => 1 / (j + 1));
  let sigma2 = 0;
  for (let it = 0; it < 500; it++) {
    const mv = new Float64Array(ka);
    for (let i = 0; i < ka; i++) for (let j = 0; j < kb; j++) mv[i] += m[i * kb + j] * v[j];
    const w = new Float64Array(kb);
    for (let i = 0; i < ka; i++) for (let j = 0; j < kb; j++) w[j] += m[i * kb + j] * mv[i];
    const norm = Math.hypot(...w);
    if (!(norm > 0)) return 0;
    if (Math.abs(norm - sigma2) <= 1e-15 * norm) {
      sigma2 = norm;
      break;
    }
    sigma2 = norm;
    v = w.map((x) => x / norm);
  }
  return Math.min(1, Math.sqrt(sigma2));
}

/**
 * Intra-class variability (Kornblith et al.'s measure, as GCR reports it): the mean within-class cosine distance
 * 1 − x̂ᵢ·x̂ⱼ (averaged over classes) divided by the mean cosine distance over all pairs.
 * @param xhat (n, d) unit rows
 */
export function intraClassVariability(xhat: Float64Array, labels: ArrayLike<number>, n: number, d: number, classes: number): number {
  const meanSimilarity = (members: number[]): number => {
    const s = new Float64Array(d);
    for (const i of members) for (let r = 0; r < d; r++) s[r] += xhat[i * d + r];
    let sq = 0;
    for (let r = 0; r < d; r++) sq += s[r] ** 2;
    const m = members.length;
    return (sq - m) / (m * (m - 1));
  };
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < n; i++) byClass[labels[i]].push(i);
  const present = byClass.filter((c) => c.length > 1);
  const within = present.reduce((acc, c) => acc + (1 - meanSimilarity(c)), 0) / present.length;
  const total = 1 - meanSimilarity(Array.from({ length: n }, (_, i) => i));
  return within / total;
}
