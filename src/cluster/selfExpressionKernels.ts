// The fused ADMM step of self-expression (shaders/cluster/self_expression.wgsl) and its float64 twin.
import { assertNever, type AnyBackend, type Tensor } from '../engine/backend';
import selfExpressionWgsl from '../../shaders/cluster/self_expression.wgsl?raw';
import { uniformLayout } from '../engine/webgpu/uniformLayout';

const SELF_EXPRESSION_PARAMS = uniformLayout({ struct: 'Params', shaders: ['shaders/cluster/self_expression.wgsl'] }, {
  n: 'u32', total: 'u32', groupsX: 'u32', woodbury: 'u32', rho: 'f32', weight: 'f32', l1: 'f32', l2: 'f32',
});

/** Penalty weights of l1‖C‖₁ + l2/2‖C‖²_F + weight/2‖Y − YC‖²_F, and the ADMM penalty ρ. */
export type AdmmWeights = { rho: number; weight: number; l1: number; l2: number };

/**
 * One ADMM step after the linear solve (see self_expression.wgsl for the formulas). Z is `linA` when `linB` is
 * null, else (linA − linB)/ρ (the Woodbury form of (wG + ρI)⁻¹·rhs). Updates `dual` in place.
 * @param linA, linB, gram, dual (n, n)
 * @returns coef C (diag 0), rhs = wG + ρC − Δ for the next linear step, and gap = Z − C; each (n, n)
 */
export function admmStep(
  be: AnyBackend, linA: Tensor, linB: Tensor | null, gram: Tensor, dual: Tensor, w: AdmmWeights,
): { coef: Tensor; rhs: Tensor; gap: Tensor } {
  const n = gram.rows;
  const shape = { rows: n, cols: n };
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const a = cpu.view(linA), b = linB ? cpu.view(linB) : null, g = cpu.view(gram), d = cpu.view(dual);
      const coef = new Float64Array(n * n), rhs = new Float64Array(n * n), gap = new Float64Array(n * n);
      const shrink = w.l1 / w.rho, damp = 1 + w.l2 / w.rho;
      for (let idx = 0; idx < n * n; idx++) {
        const z = b ? (a[idx] - b[idx]) / w.rho : a[idx];
        const v = z + d[idx] / w.rho;
        const c = Math.floor(idx / n) === idx % n ? 0 : (Math.sign(v) * Math.max(Math.abs(v) - shrink, 0)) / damp;
        d[idx] += w.rho * (z - c);
        coef[idx] = c;
        rhs[idx] = w.weight * g[idx] + w.rho * c - d[idx];
        gap[idx] = z - c;
      }
      return { coef: cpu.upload(coef, shape), rhs: cpu.upload(rhs, shape), gap: cpu.upload(gap, shape) };
    }
    case 'webgpu': {
      const gpu = be;
      const coef = gpu.empty(shape), rhs = gpu.empty(shape), gap = gpu.empty(shape);
      const total = n * n;
      if (total === 0) return { coef, rhs, gap };
      const pipeline = gpu.pipelines.get({ name: 'self_expression', code: selfExpressionWgsl });
      const { groupsX, groups } = gpu.grid(Math.ceil(total / 256));
      const bufA = gpu.buffer(linA);
      gpu.dispatch(pipeline, [bufA, linB ? gpu.buffer(linB) : bufA, gpu.buffer(gram), gpu.buffer(dual), gpu.buffer(coef), gpu.buffer(rhs), gpu.buffer(gap)], SELF_EXPRESSION_PARAMS.of({
        n, total, groupsX, woodbury: linB ? 1 : 0, rho: w.rho, weight: w.weight, l1: w.l1, l2: w.l2,
      }), groups);
      return { coef, rhs, gap };
    }
    default:
      return assertNever(be);
  }
}
