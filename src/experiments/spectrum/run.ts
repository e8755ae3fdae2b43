// The spectrum run: load a matrix, take its SVD on the active backend, measure rank-k truncation.
import type { Backend, Tensor } from '../../engine/backend';
import { loadDigits, loadImage, type ImageName } from '../../data/datasets';
import { svd } from '../../linalg/svd';
import { readScalar } from '../../engine/readback';
import type { Progress, RunContext } from '../framework/types';
import type { SpectrumConfig } from './schema';
import { cumulativeEnergy, downsample, factoredParams, lordBreakEvenRank, truncationErrors, weloreRank } from '../common/lowRank';
import { trainedLayerWeights } from './trainedWeights';

/** Largest U/V (entries) streamed to the page for the live k slider. */
const MAX_FACTOR_ENTRIES = 400_000;

type Loaded = { rows: number; cols: number; data: Float32Array; kind: 'image' | 'matrix'; name: string };

async function loadMatrix(config: SpectrumConfig, ctx: RunContext): Promise<Loaded> {
  switch (config.source) {
    case 'image': {
      const im = await loadImage(ctx.data, config.image as ImageName);
      const size = Number(config.size);
      const data = size === 256 ? im.data : downsample(im.data, 256, 256 / size);
      return { rows: size, cols: size, data, kind: 'image', name: config.image };
    }
    case 'digits': {
      const d = await loadDigits(ctx.data);
      return { rows: d.n, cols: d.d, data: d.X.map((v) => v / 16), kind: 'matrix', name: 'digits' };
    }
    case 'lowrank': {
      const { rows: m, cols: n } = config;
      const r = Math.min(config.trueRank, m, n);
      // signal: Σ_i s_i u_i v_iᵀ with s from 10 down to 5, u and v Gaussian columns scaled to unit norm on average
      const u = ctx.rng.normals(m * r, 1 / Math.sqrt(m));
      const v = ctx.rng.normals(n * r, 1 / Math.sqrt(n));
      const data = ctx.rng.normals(m * n, config.noise);
      for (let p = 0; p < r; p++) {
        const s = r === 1 ? 10 : 10 - (5 * p) / (r - 1);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] += s * u[i * r + p] * v[j * r + p];
      }
      return { rows: m, cols: n, data, kind: 'matrix', name: `rank ${r} + noise ${config.noise}` };
    }
    case 'upload': {
      const got = config.dataset ? await ctx.userMatrix?.(config.dataset) : null;
      if (!got) throw new Error('No uploaded matrix: upload a CSV file first (or this link refers to a dataset that is not stored in this browser).');
      return { rows: got.rows, cols: got.cols, data: got.data, kind: 'matrix', name: 'uploaded CSV' };
    }
    case 'weights': {
      const w = await trainedLayerWeights(ctx, Number(config.layer), config.seed);
      return { rows: w.rows, cols: w.cols, data: w.data, kind: 'matrix', name: `W${config.layer} of a trained digits MLP` };
    }
    default:
      throw new Error(`unknown source ${config.source}`);
  }
}

function centerColumns(a: Loaded): void {
  const { rows, cols, data } = a;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += data[i * cols + j];
    mean /= rows;
    for (let i = 0; i < rows; i++) data[i * cols + j] -= mean;
  }
}

/** ‖A − U_k diag(σ_k) V_kᵀ‖_F² computed on the backend. */
function truncationResidual(be: Backend, a: Tensor, u: Tensor, sigma: Tensor, v: Tensor, k: number): Tensor {
  return be.tidy(() => {
    const uk = be.slice(u, 0, 0, u.rows, k);
    const vk = be.slice(v, 0, 0, v.rows, k);
    const sk = be.slice(sigma, 0, 0, 1, k);
    const ak = be.matmul(be.elementwise('mul', uk, sk), vk, { transB: true });
    return be.reduce('sumSquares', be.elementwise('add', a, ak, 1, -1), 'all');
  });
}

export async function* runSpectrum(config: SpectrumConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be = ctx.backend;
  const total = 3;
  const a = await loadMatrix(config, ctx);
  if (config.center) centerColumns(a);
  const { rows: m, cols: n } = a;
  const showOriginal = a.kind === 'image' || m * n <= 200_000;
  yield {
    step: 1,
    total,
    metrics: { m, n, ...(showOriginal ? { original: Array.from(a.data) } : {}) },
  };
  if (ctx.signal.aborted) return;

  const A = be.upload(a.data, { rows: m, cols: n });
  const owned: Tensor[] = [A];
  try {
    const r = Math.min(m, n);
    const kTop = config.method === 'randomized' ? Math.min(config.k, r) : undefined;
    const t0 = performance.now();
    const { U, S, V } = await svd(be, A, { method: config.method as 'jacobi' | 'randomized', k: kTop, seed: config.seed });
    owned.push(U, V);
    const svdMs = performance.now() - t0;
    const sigma = Array.from(S);
    const fro2 = await readScalar(be, be.tidy(() => be.reduce('sumSquares', A, 'all')));
    const errors = truncationErrors(sigma, config.method === 'randomized' ? fro2 : undefined);
    const energy = cumulativeEnergy(sigma);
    const norm = Math.sqrt(fro2);
    const spectrum = {
      m, n, sigma, energy,
      error_theory: errors,
      relative_error_theory: errors.map((e) => (norm > 0 ? e / norm : 0)),
      frobenius: norm,
      svd_ms: svdMs,
      lord_breakeven: lordBreakEvenRank(m, n),
      welore_rank: weloreRank(sigma, config.weloreThreshold),
    };
    yield { step: 2, total, metrics: spectrum };
    if (ctx.signal.aborted) return;

    const k = Math.min(config.k, sigma.length);
    const sigmaT = be.upload(S, { rows: 1, cols: S.length });
    owned.push(sigmaT);
    const residual = truncationResidual(be, A, U, sigmaT, V, k);
    owned.push(residual);
    const measured = Math.sqrt(Math.max(0, (await be.read(residual))[0]));
    const theory = errors[k];
    const streamFactors = (m + n) * sigma.length <= MAX_FACTOR_ENTRIES;
    const [u, v] = streamFactors ? await Promise.all([be.read(U), be.read(V)]) : [null, null];
    yield {
      step: 3,
      total,
      metrics: {
        ...spectrum,
        k,
        error_measured_k: measured,
        error_theory_k: theory,
        // |measured − √Σ_{i>k}σ²| / ‖A‖: the Eckart–Young identity, up to the backend's precision
        eckart_young_gap: norm > 0 ? Math.abs(measured - theory) / norm : 0,
        energy_k: energy[k - 1] ?? 1,
        params_k: factoredParams(m, n, k),
        params_dense: m * n,
        ...(u && v ? { U: Array.from(u), V: Array.from(v) } : {}),
      },
    };
  } finally {
    for (const t of owned) be.dispose(t);
  }
}
