// Singular spectra of the learned hidden matrices (and of SLTrain's/LOST's B·A and S parts), with effective ranks.
import type { Backend, Tensor } from '../../engine/backend';
import { svd } from '../../linalg/svd';
import type { Parameterization } from '../../learn/parameterization';
import { SparseLowRankParameterization } from '../../learn/sparseLowRank';
import { entropyRank, numericalRank } from './budget';
import { HeadDenseParameterization, sparseLowRankParts } from './variants';

export type LayerSpectrum = {
  sigma: number[];
  /** #σ_i > tol·σ₁ (tol from the backend's precision, see rankTolerance). */
  numericalRank: number;
  /** Roy & Vetterli's exp(entropy of σ/Σσ). */
  entropyRank: number;
  /** Sparse + low-rank variants: the spectra of s·B·A and of S, and max |W − s·B·A| off S's support. */
  parts?: { lowRank: number[]; sparse: number[]; offSupport: number };
};

/** Relative threshold for the numerical rank: well above each precision's SVD noise on these small matrices. */
export function rankTolerance(be: Backend): number {
  return be.precision === 'f64' ? 1e-9 : 1e-4;
}

/** Singular values of a tensor the caller owns (Jacobi: all of them, accurately). */
async function singularValues(be: Backend, a: Tensor): Promise<number[]> {
  const { U, S, V } = await svd(be, a, { method: 'jacobi' });
  be.dispose(U);
  be.dispose(V);
  return Array.from(S);
}

/** The spectra of every factored hidden matrix of `param` (weights [W1, b1, …], the head last). */
export async function learnedSpectra(be: Backend, param: Parameterization, hiddenMatrices: number): Promise<LayerSpectrum[]> {
  const tol = rankTolerance(be);
  const sparse = param instanceof HeadDenseParameterization && param.inner instanceof SparseLowRankParameterization ? param.inner : null;
  const out: LayerSpectrum[] = [];
  for (let m = 0; m < hiddenMatrices; m++) {
    // a copy, since a dense parameterization's weights alias its parameters
    const W = be.keep(be.tidy(() => be.elementwise('scale', param.weights()[2 * m], null, 1)));
    try {
      const sigma = await singularValues(be, W);
      const spectrum: LayerSpectrum = { sigma, numericalRank: numericalRank(sigma, tol), entropyRank: entropyRank(sigma) };
      if (sparse) {
        const { lowRank, sparse: S } = be.tidy(() => {
          const p = sparseLowRankParts(be, sparse, m);
          return { lowRank: be.keep(p.lowRank), sparse: be.keep(p.sparse) };
        });
        try {
          const [w, ba] = await Promise.all([be.read(W), be.read(lowRank)]);
          const onSupport = new Set(sparse.supports[m].indices);
          let offSupport = 0;
          for (let i = 0; i < w.length; i++) if (!onSupport.has(i)) offSupport = Math.max(offSupport, Math.abs(w[i] - ba[i]));
          spectrum.parts = { lowRank: await singularValues(be, lowRank), sparse: await singularValues(be, S), offSupport };
        } finally {
          be.dispose(lowRank);
          be.dispose(S);
        }
      }
      out.push(spectrum);
    } finally {
      be.dispose(W);
    }
  }
  return out;
}
