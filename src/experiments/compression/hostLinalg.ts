// Backend factorizations read back to float64 host arrays (row-major) and verified on the host, for the compression page's references.
import type { Backend } from '../../engine/backend';
import { svd } from '../../linalg/svd';
import { eigh } from '../../linalg/eigh';
import { svdDefect } from './verifyReference';

/** Thin SVD of A (m×n): U (m×r), S (r, descending), V (n×r), r = min(m, n). */
export async function hostSvd(be: Backend, A: Float64Array, m: number, n: number): Promise<{ r: number; U: Float64Array; S: Float64Array; V: Float64Array }> {
  const t = be.upload(A, { rows: m, cols: n });
  try {
    const { U, S, V } = await svd(be, t, { method: 'jacobi' });
    try {
      const [u, v] = await Promise.all([be.read(U), be.read(V)]);
      // the references must not trust the factorization they test: verify it on the host first
      const defect = svdDefect(A, m, n, u, S, v);
      if (!(defect <= 1e-10)) throw new Error(`hostSvd: the backend's SVD misses A = USVᵀ, UᵀU = VᵀV = I by ${defect}`);
      return { r: S.length, U: Float64Array.from(u), S: Float64Array.from(S), V: Float64Array.from(v) };
    } finally {
      be.dispose(U);
      be.dispose(V);
    }
  } finally {
    be.dispose(t);
  }
}

/** Symmetric eigendecomposition of A (n×n): values descending, vectors as columns of Q (n×n). */
export async function hostEigh(be: Backend, A: Float64Array, n: number): Promise<{ values: Float64Array; Q: Float64Array }> {
  const t = be.upload(A, { rows: n, cols: n });
  try {
    const { values, vectors } = await eigh(be, t);
    try {
      const Q = Float64Array.from(await be.read(vectors));
      // A = QΛQᵀ with Q orthogonal is the SVD check with U = V = Q (values of an SPD matrix are ≥ 0 and descending)
      const defect = svdDefect(A, n, n, Q, values, Q);
      if (!(defect <= 1e-10)) throw new Error(`hostEigh: the backend's eigh misses A = QΛQᵀ, QᵀQ = I by ${defect}`);
      return { values: Float64Array.from(values), Q };
    } finally {
      be.dispose(vectors);
    }
  } finally {
    be.dispose(t);
  }
}
