// LSR: the closed forms (with and without diag(C) = 0) equal the gradient-descent solutions of the same problems.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { expectAllclose, maxAbs } from '../testing/allclose';
import { lsrCoefficients, lsrGradientDescent, lsrObjective } from './lsr';
import { normalizeRows } from './tensorOps';

const be = new CpuBackend();

describe('LSR closed form vs gradient descent', { timeout: 60_000 }, () => {
  // n = 40 > d = 12 takes the Woodbury path; n = 10 < d = 12 the direct n×n solve.
  for (const [n, perSubspace] of [[40, 20], [10, 5]] as const) {
    for (const zeroDiagonal of [true, false]) {
      it(`${n} samples in R¹², zeroDiagonal ${zeroDiagonal}: C_closed = C_gd and it is the lower objective`, async () => {
        const data = unionOfSubspaces(new Rng(9300 + n), { subspaces: 2, dim: 3, ambient: 12, perSubspace, noise: 0.1 });
        const live = be.liveTensors();
        const x = be.upload(data.X, { rows: n, cols: 12 });
        const lambda = 0.5;
        const closed = await lsrCoefficients(be, x, { lambda, zeroDiagonal });
        const { coefficients: iterative, objective } = await lsrGradientDescent(be, x, { lambda, zeroDiagonal, iterations: 1500, recordEvery: 100 });
        const c = be.view(closed);
        expectAllclose(be.view(iterative), c, { rtol: 1e-6, atol: 1e-8 * maxAbs(c) }, n);
        for (let i = 1; i < objective.length; i++) expect(objective[i]).toBeLessThanOrEqual(objective[i - 1] + 1e-12);
        if (zeroDiagonal) for (let i = 0; i < n; i++) expect(c[i * n + i]).toBe(0);
        // any feasible perturbation raises the objective
        const y = normalizeRows(be, x);
        const f = await lsrObjective(be, y, closed, lambda);
        const bump = new Float64Array(c);
        bump[1] += 1e-3;
        const bumped = be.upload(bump, { rows: n, cols: n });
        expect(await lsrObjective(be, y, bumped, lambda)).toBeGreaterThan(f);
        for (const t of [x, closed, iterative, y, bumped]) be.dispose(t);
        expect(be.liveTensors()).toBe(live);
      });
    }
  }
});
