// Plain-matrix entry points for the public API: Matrix in, Matrix out, tensors freed inside.
import type { Backend, Tensor } from '../engine/backend';
import { checkMatrix, type Matrix } from '../engine/matrix';
import { qr } from './qr';
import { svd, type SvdOptions } from './svd';
import { eigh } from './eigh';
import { cholesky, logdet } from './cholesky';
import { solve } from './solve';
import { canonicalCorrelations, linearCka, principalAngles, procrustes } from './similarity';
import { leverageScores, lewisWeights } from './rowScores';
import { dmd } from './dmd';

export const LINALG_FUNCTIONS = [
  'qr', 'svd', 'eigh', 'cholesky', 'logdet', 'solve',
  'cka',
  'cca',
  'principalAngles',
  'procrustes',
  'leverageScores',
  'lewisWeights',
  'dmd',
] as const;
export type LinalgName = (typeof LINALG_FUNCTIONS)[number];

async function toMatrix(be: Backend, t: Tensor): Promise<Matrix> {
  return { rows: t.rows, cols: t.cols, data: Float32Array.from(await be.read(t)) };
}

/** Runs one factorization on plain matrices; every tensor it makes is freed before it returns. */
export async function runLinalg(be: Backend, name: LinalgName, args: unknown[]): Promise<unknown> {
  const owned: Tensor[] = [];
  const up = (m: unknown, label: string): Tensor => {
    checkMatrix(m as Matrix, `${name}: ${label}`);
    const mm = m as Matrix;
    const t = be.upload(mm.data, { rows: mm.rows, cols: mm.cols });
    owned.push(t);
    return t;
  };
  const own = <T extends Tensor>(t: T): T => (owned.push(t), t);
  try {
    switch (name) {
      case 'qr': {
        const { Q, R } = await qr(be, up(args[0], 'a'));
        return { Q: await toMatrix(be, own(Q)), R: await toMatrix(be, own(R)) };
      }
      case 'svd': {
        const { U, S, V } = await svd(be, up(args[0], 'a'), (args[1] ?? {}) as SvdOptions);
        return { U: await toMatrix(be, own(U)), S: Float32Array.from(S), V: await toMatrix(be, own(V)) };
      }
      case 'eigh': {
        const { values, vectors } = await eigh(be, up(args[0], 'a'));
        return { values: Float32Array.from(values), vectors: await toMatrix(be, own(vectors)) };
      }
      case 'cholesky':
        return toMatrix(be, own(await cholesky(be, up(args[0], 'a'))));
      case 'logdet':
        return await logdet(be, up(args[0], 'a'));
      case 'solve':
        return toMatrix(be, own(await solve(be, up(args[0], 'a'), up(args[1], 'b'))));
      case 'cka':
        return await linearCka(be, up(args[0], 'X'), up(args[1], 'Y'));
      case 'cca':
        return await canonicalCorrelations(be, up(args[0], 'X'), up(args[1], 'Y'), args[2] as number);
      case 'principalAngles':
        return await principalAngles(be, up(args[0], 'A'), up(args[1], 'B'));
      case 'procrustes':
        return toMatrix(be, own(await procrustes(be, up(args[0], 'X'), up(args[1], 'Y'))));
      case 'leverageScores':
        return Array.from(await leverageScores(be, up(args[0], 'a')));
      case 'lewisWeights': {
        if (typeof args[1] !== 'number') throw new TypeError(`lewisWeights: p must be a number ≥ 1, got ${String(args[1]).slice(0, 40)}`);
        return Array.from((await lewisWeights(be, up(args[0], 'a'), args[1])).weights);
      }
      case 'dmd': {
        const { re, im } = await dmd(be, up(args[0], 'X0'), up(args[1], 'X1'), args[2] as number);
        return { re, im };
      }
      default: {
        const never: never = name;
        throw new Error(`unsupported linalg function ${String(never)}`);
      }
    }
  } finally {
    for (const t of owned) be.dispose(t);
  }
}
