// The glossary: the words of subspace and low-rank learning the cards, lessons and tours use, each defined in a sentence or two.
import type { GlossaryEntry } from './types';

/** Term id (what `[[id]]` markup refers to) → entry. Ids are lower-case, words joined by dashes. */
export const GLOSSARY: Readonly<Record<string, GlossaryEntry>> = {
  rank: {
    term: 'rank',
    definition: 'The number of independent directions a matrix’s rows (or columns) span: the number of its nonzero singular values. A rank-k matrix is a sum of k rank-one pieces uvᵀ.',
  },
  'low-rank': {
    term: 'low-rank',
    definition: 'A matrix whose rank is much smaller than its size, or close to such a matrix: it can be stored as two thin factors B·A holding k(m+n) numbers instead of mn.',
  },
  'singular-value': {
    term: 'singular value',
    definition: 'In A = U diag(σ) Vᵀ, the σᵢ ≥ 0, largest first: how much A stretches its i-th input direction. Their squares add up to ‖A‖_F².',
  },
  svd: {
    term: 'SVD',
    definition: 'The singular value decomposition A = U diag(σ) Vᵀ, with orthonormal columns in U and V. Keeping its top k terms gives the best rank-k approximation (Eckart–Young).',
  },
  spectrum: {
    term: 'spectrum',
    definition: 'The list of a matrix’s singular values (or eigenvalues), largest first. A fast-falling spectrum means the matrix is close to low-rank.',
  },
  subspace: {
    term: 'subspace',
    definition: 'A flat set of vectors through the origin, closed under adding and scaling: a line, a plane, or their higher-dimensional kin. Its dimension is the number of directions it spans.',
  },
  'orthonormal-basis': {
    term: 'orthonormal basis',
    definition: 'Unit-length, mutually perpendicular vectors that span a subspace; stacked as the columns of U they satisfy UᵀU = I, and UUᵀ projects onto the subspace.',
  },
  projection: {
    term: 'projection',
    definition: 'The closest point of a subspace to a vector: UUᵀx for an orthonormal basis U. What is left, (I − UUᵀ)x, is perpendicular to the subspace.',
  },
  grassmannian: {
    term: 'Grassmannian',
    definition: 'The set of all k-dimensional subspaces of ℝⁿ, treated as one curved space whose points are subspaces. Distances on it are measured by principal angles.',
  },
  'principal-angle': {
    term: 'principal angle',
    definition: 'The angles between two subspaces: arccos of the singular values of U_aᵀU_b for orthonormal bases. 0 means a shared direction, 90° means perpendicular.',
  },
  'union-of-subspaces': {
    term: 'union of subspaces',
    definition: 'Data made of several groups, each lying near its own low-dimensional subspace. Subspace clustering recovers the groups.',
  },
  'self-expression': {
    term: 'self-expression',
    definition: 'Writing each data point as a combination of the other points, X ≈ XC with diag(C) = 0. On a union of subspaces the coefficients mostly link points of the same subspace.',
  },
  'coding-rate': {
    term: 'coding rate',
    definition: 'R(Z) = ½ logdet(I + d/(nε²)·ZZᵀ): about how many nats it takes to encode the features Z up to a distortion ε. It grows with the number of directions the features spread over.',
  },
  'rate-reduction': {
    term: 'rate reduction',
    definition: 'ΔR = R(all features) − R_c(each group’s features): large when the whole spans many directions while every group squeezes into a small subspace (MCR²).',
  },
  'intrinsic-dimension': {
    term: 'intrinsic dimension',
    definition: 'The smallest number of directions a problem really needs; for training, the smallest random subspace of the weights in which training still reaches 90% of full training’s accuracy.',
  },
  hessian: {
    term: 'Hessian',
    definition: 'The matrix of second derivatives of the loss. Its largest eigenvalue λ_max measures how sharply the loss curves around a point.',
  },
  sharpness: {
    term: 'sharpness',
    definition: 'How fast the loss rises around a minimum, here the Hessian’s largest eigenvalue λ_max; flatter minima are linked to better generalization.',
  },
  'low-rank-adapter': {
    term: 'low-rank adapter',
    definition: 'Fine-tuning a frozen weight W₀ through a small update W₀ + BA with thin B and A (LoRA): r(m+n) trainable numbers instead of mn.',
  },
  'gradient-projection': {
    term: 'gradient projection',
    definition: 'Keeping the optimizer’s state in a small subspace of the gradient: GaLore steps with PᵀG, P the gradient’s top singular vectors, refreshed every few steps.',
  },
  'leverage-score': {
    term: 'leverage score',
    definition: 'How much one row of A matters to the subspace A spans: τᵢ = ‖i-th row of U‖² for an orthonormal basis U of A’s columns. The scores sum to the rank.',
  },
  'nuclear-norm': {
    term: 'nuclear norm',
    definition: 'The sum of a matrix’s singular values, ‖A‖_* = Σσᵢ: the convex stand-in for the rank, as ‖x‖₁ is for the number of nonzeros.',
  },
  'frobenius-norm': {
    term: 'Frobenius norm',
    definition: 'The square root of the sum of a matrix’s squared entries, ‖A‖_F = √(Σσᵢ²): the matrix as one long vector.',
  },
  quantization: {
    term: 'quantization',
    definition: 'Storing numbers with fewer bits by rounding them to a coarse grid (int8, int4) or to the nearest entry of a codebook (vector quantization).',
  },
  'effective-rank': {
    term: 'effective rank',
    definition: 'A soft count of directions: exp of the entropy of the normalized singular values. Equal to k for k equal values, near 1 when one direction dominates.',
  },
};

/** The glossary's ids in alphabetical order of their terms, for the glossary section. */
export function glossaryIds(): string[] {
  return Object.keys(GLOSSARY).sort((a, b) => GLOSSARY[a].term.localeCompare(GLOSSARY[b].term));
}
