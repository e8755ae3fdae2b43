// The linear baselines: DMD on the state (rank r ≤ 2) and EDMD on [x₁, x₂, x₁²], their eigenvalues and rollouts.
import type { Backend } from '../../engine/backend';
import { dmd, type DmdResult } from '../../linalg/dmd';
import { slowManifoldDictionary, snapshotPairs, stateObservables } from './slowManifold';

/** A fitted linear model on m observables: its eigenvalues and the full operator A = U_r·Ã·U_rᵀ (m×m, host). */
export type LinearModel = DmdResult & { m: number; operator: Float64Array };

/** DMD of the snapshot pairs of `lift`'s observables, with its m×m operator for rollouts. */
async function fitLinear(be: Backend, states: Float64Array, count: number, steps: number, m: number, r: number, lift: (a: number, b: number) => number[]): Promise<LinearModel> {
  const { x0, x1, n } = snapshotPairs(states, count, steps, m, lift);
  const t0 = be.upload(x0, { rows: m, cols: n });
  const t1 = be.upload(x1, { rows: m, cols: n });
  try {
    const result = await dmd(be, t0, t1, r, { basis: true });
    const U = result.basis!;
    const A = result.reduced;
    // operator = U·Ã·Uᵀ: m ≤ 3 here, a few dozen multiply-adds
    const operator = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < r; p++) for (let q = 0; q < r; q++) s += U[i * r + p] * A[p * r + q] * U[j * r + q];
      operator[i * m + j] = s;
    }
    return { ...result, m, operator };
  } finally {
    be.dispose(t0);
    be.dispose(t1);
  }
}

/** Plain DMD on the state x = (x₁, x₂) with rank r ∈ {1, 2}. */
export function fitStateDmd(be: Backend, states: Float64Array, count: number, steps: number, r: number): Promise<LinearModel> {
  return fitLinear(be, states, count, steps, 2, r, stateObservables);
}

/** EDMD on the dictionary [x₁, x₂, x₁²] (full rank 3). */
export function fitEdmd(be: Backend, states: Float64Array, count: number, steps: number): Promise<LinearModel> {
  return fitLinear(be, states, count, steps, 3, 3, slowManifoldDictionary);
}

/**
 * Rolls a linear model forward from lifted initial states and keeps the first two observables (the state).
 * @returns time-major ((steps+1)·n, 2), as KoopmanTrainer.predict
 */
export function rolloutLinear(model: LinearModel, starts: Float64Array, steps: number, lift: (a: number, b: number) => number[]): Float64Array {
  const n = starts.length / 2;
  const { m, operator } = model;
  const out = new Float64Array((steps + 1) * n * 2);
  for (let i = 0; i < n; i++) {
    let psi = lift(starts[2 * i], starts[2 * i + 1]);
    for (let t = 0; t <= steps; t++) {
      if (t > 0) psi = psi.map((_, a) => psi.reduce((s, v, b) => s + operator[a * m + b] * v, 0));
      out[(t * n + i) * 2] = psi[0];
      out[(t * n + i) * 2 + 1] = psi[1];
    }
  }
  return out;
}
