// The unions of subspaces k-subspaces must separate with default options (issue #12's two benchmarks, on unused seeds).
import type { UnionOfSubspacesOptions } from '../data/synthetic';

/** 3 random 4-dim subspaces of R³⁰ (noise 0.05) and 5 random 6-dim subspaces of R⁵⁰ (noise 0.02), 50 points each. */
export const KSS_BENCHMARKS: (UnionOfSubspacesOptions & { seed: number })[] = [
  { seed: 9301, subspaces: 3, dim: 4, ambient: 30, perSubspace: 50, noise: 0.05 },
  { seed: 9302, subspaces: 5, dim: 6, ambient: 50, perSubspace: 50, noise: 0.02 },
];
