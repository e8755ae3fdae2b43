// The subspace-clustering page's knobs: which data (union of subspaces or digits), which methods, their parameters.
import { choice, int, multi, real, seedField, type ConfigOf } from '../framework/fields';
import { DSC_FIELDS } from './dscSchema';

/** Methods the page can compare, in display order. */
export const METHOD_OPTIONS = [
  { value: 'kmeans', label: 'k-means' },
  { value: 'kss', label: 'k-subspaces' },
  { value: 'ssc', label: 'SSC (ℓ1 self-expression)' },
  { value: 'ensc', label: 'EnSC (elastic net)' },
  { value: 'lsr', label: 'LSR (least squares, closed form)' },
  { value: 'spectral', label: 'spectral clustering (kNN graph)' },
  { value: 'mcr2', label: 'Sinkhorn membership (MLC-style)' },
  { value: 'dsc', label: 'label-free deep SSC (autoencoder + self-expression)' },
  { value: 'mlc', label: 'MLC (features and Π learned jointly)' },
] as const;

export type MethodId = (typeof METHOD_OPTIONS)[number]['value'];

const onSubspaces = (c: Record<string, unknown>) => c.source === 'subspaces';
const onDigits = (c: Record<string, unknown>) => c.source === 'digits';
const uses = (...methods: string[]) => (c: Record<string, unknown>) => Array.isArray(c.methods) && methods.some((m) => (c.methods as string[]).includes(m));

export const subspaceClusteringFields = {
  source: choice('Data', 'subspaces', [
    { value: 'subspaces', label: 'points on a union of random subspaces' },
    { value: 'digits', label: 'handwritten digits (8×8 pixels)' },
  ], { help: 'Synthetic subspaces with knobs, or a sample of the digits data set.' }),
  subspaces: int('Subspaces', 3, 2, 8, { visibleWhen: onSubspaces, help: 'Number of groups k.' }),
  dim: int('Subspace dimension', 4, 1, 20, { visibleWhen: onSubspaces }),
  ambient: int('Ambient dimension', 30, 2, 100, { visibleWhen: onSubspaces, help: 'Subspaces with k·dim > ambient dimension intersect, which is hard.' }),
  perSubspace: int('Points per subspace', 50, 5, 200, { visibleWhen: onSubspaces }),
  noise: real('Noise', 0.05, 0, 1, { visibleWhen: onSubspaces, help: 'Norm of the Gaussian noise added to unit-norm points.' }),
  outliers: real('Outliers', 0, 0, 0.5, { visibleWhen: onSubspaces, help: 'Extra points uniform on the sphere, as a fraction of the inliers; they are left out of the scores.' }),
  digitClasses: int('Digit classes', 10, 2, 10, { visibleWhen: onDigits, help: 'Digits 0 … classes−1.' }),
  perDigit: int('Samples per digit', 40, 5, 170, { visibleWhen: onDigits }),
  methods: multi('Methods', ['kmeans', 'kss', 'ssc', 'ensc', 'lsr', 'spectral', 'dsc'], METHOD_OPTIONS, { help: 'Each runs on the same data; scores are against the true groups.' }),
  show: choice('Show assignment of', 'ssc', METHOD_OPTIONS, { help: 'Which method colors the scatter and fills the affinity heatmap (no re-run).' }),
  alpha: real('SSC/EnSC α', 20, 1, 500, { log: true, visibleWhen: uses('ssc', 'ensc'), help: 'Data weight λ = α/μ, μ = min_j max_{i≠j} |⟨x_i, x_j⟩| (Elhamifar & Vidal).' }),
  enscMix: real('EnSC ℓ1 share', 0.9, 0, 1, { visibleWhen: uses('ensc'), help: 'λ in λ‖C‖₁ + (1−λ)/2‖C‖²: 1 is SSC, 0 is a ridge.' }),
  admmIterations: int('ADMM iterations', 200, 10, 1000, { visibleWhen: uses('ssc', 'ensc'), help: 'At most; stops earlier when max|Z − C| and max|ΔC| fall below 2·10⁻⁴.' }),
  lsrLambda: real('LSR λ', 0.1, 0.0001, 10, { log: true, visibleWhen: uses('lsr') }),
  topK: int('Keep top-k coefficients', 0, 0, 64, { visibleWhen: uses('ssc', 'ensc', 'lsr'), help: 'Keep the k largest |c_ij| of each column before building |C| + |C|ᵀ; 0 keeps all.' }),
  kssDim: int('k-subspaces dimension', 4, 1, 20, { visibleWhen: uses('kss') }),
  neighbors: int('kNN neighbors', 10, 2, 50, { visibleWhen: uses('spectral') }),
  ...DSC_FIELDS,
  mlcSteps: int('MLC training steps', 60, 0, 400, { visibleWhen: uses('mlc'), help: 'Adam steps of the backbone, feature head and cluster head on R − R_c + γ·H(Π).' }),
  mlcGamma: real('MLC entropy weight γ', 0.3, 0, 10, { visibleWhen: uses('mlc'), help: 'Weight of the mean row entropy of Π; larger keeps Π spread over more neighbors.' }),
  mlcEta: real('MLC Sinkhorn temperature η', 0.1, 0.02, 1, { log: true, visibleWhen: uses('mlc'), help: 'Π = Sinkhorn(exp(CCᵀ/η)); smaller makes Π sharper.' }),
  restarts: int('k-means restarts', 10, 1, 50, { help: 'Restarts of k-means, and of the k-means inside spectral clustering.' }),
  seed: seedField(),
};

export type SubspaceClusteringConfig = ConfigOf<typeof subspaceClusteringFields>;

/** Fields that only change the drawing. */
export const SUBSPACE_CLUSTERING_LIVE_FIELDS = ['show'] as const;
