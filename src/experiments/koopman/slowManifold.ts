// The slow-manifold system ẋ₁ = μx₁, ẋ₂ = λ(x₂ − x₁²): its exact flow, sampled trajectories, Koopman eigenvalues and EDMD dictionary.
import type { Rng } from '../../data/rng';

/** The system's parameters and the sampling step Δt. */
export type SlowManifold = { mu: number; lambda: number; dt: number };

/**
 * The exact flow map after time t: x₁(t) = x₁e^{μt}, x₂(t) = (x₂ − b·x₁²)e^{λt} + b·x₁²e^{2μt} with b = λ/(λ − 2μ)
 * (solve the linear ODE for x₂ with x₁² = x₁(0)²e^{2μt} as forcing). Needs λ ≠ 2μ.
 */
export function flow(sys: SlowManifold, x1: number, x2: number, t: number): [number, number] {
  const b = sys.lambda / (sys.lambda - 2 * sys.mu);
  const sq = x1 * x1;
  return [x1 * Math.exp(sys.mu * t), (x2 - b * sq) * Math.exp(sys.lambda * t) + b * sq * Math.exp(2 * sys.mu * t)];
}

/** The Koopman eigenvalues of one step on span{x₁, x₂, x₁²}: e^{μΔt}, e^{λΔt}, e^{2μΔt} (real), in that order. */
export function trueEigenvalues(sys: SlowManifold): number[] {
  return [Math.exp(sys.mu * sys.dt), Math.exp(sys.lambda * sys.dt), Math.exp(2 * sys.mu * sys.dt)];
}

/** A clear error for parameters the closed form or the page cannot handle. */
export function checkSystem(sys: SlowManifold): void {
  for (const [name, v] of Object.entries(sys)) if (!Number.isFinite(v)) throw new RangeError(`slow manifold: ${name} = ${v} is not a finite number`);
  if (!(sys.dt > 0)) throw new RangeError(`slow manifold: the step Δt = ${sys.dt} must be positive`);
  if (Math.abs(sys.lambda - 2 * sys.mu) < 1e-6) throw new RangeError(`slow manifold: λ = 2μ (${sys.lambda}) makes x₂'s response resonant; pick λ ≠ 2μ`);
  if (Math.abs(sys.lambda - sys.mu) < 1e-6 || Math.abs(sys.mu) < 1e-6) throw new RangeError('slow manifold: μ must be nonzero and differ from λ so the three eigenvalues are distinct');
}

/**
 * `count` trajectories of `steps + 1` states each, from initial states uniform in [−1, 1]², by the exact flow.
 * @returns states time-major: entry ((s·count + w)·2 + i) is coordinate i of trajectory w at step s; shape ((steps+1)·count, 2)
 */
export function sampleTrajectories(sys: SlowManifold, rng: Rng, count: number, steps: number): Float64Array {
  const out = new Float64Array((steps + 1) * count * 2);
  for (let w = 0; w < count; w++) {
    const x1 = 2 * rng.uniform() - 1;
    const x2 = 2 * rng.uniform() - 1;
    for (let s = 0; s <= steps; s++) out.set(flow(sys, x1, x2, s * sys.dt), (s * count + w) * 2);
  }
  return out;
}

/**
 * Snapshot pairs for DMD: columns are states (or dictionary values) at step s and s + 1, over all trajectories and steps.
 * @param states time-major as from sampleTrajectories; `lift` maps a state to its observables (length m)
 * @returns X0, X1 as (m, steps·count) row-major
 */
export function snapshotPairs(states: Float64Array, count: number, steps: number, m: number, lift: (x1: number, x2: number) => number[]): { x0: Float64Array; x1: Float64Array; n: number } {
  const n = steps * count;
  const x0 = new Float64Array(m * n);
  const x1 = new Float64Array(m * n);
  for (let s = 0; s < steps; s++) {
    for (let w = 0; w < count; w++) {
      const col = s * count + w;
      const now = lift(states[(s * count + w) * 2], states[(s * count + w) * 2 + 1]);
      const next = lift(states[((s + 1) * count + w) * 2], states[((s + 1) * count + w) * 2 + 1]);
      for (let i = 0; i < m; i++) {
        x0[i * n + col] = now[i];
        x1[i * n + col] = next[i];
      }
    }
  }
  return { x0, x1, n };
}

/** The state itself: plain DMD's observables. */
export const stateObservables = (x1: number, x2: number): number[] => [x1, x2];
/** EDMD's dictionary [x₁, x₂, x₁²]: it spans a Koopman-invariant subspace of this system. */
export const slowManifoldDictionary = (x1: number, x2: number): number[] => [x1, x2, x1 * x1];
