// Quality on data the tests never saw (seeds used by no preset): self-expression beats k-means on a union of subspaces.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { Rng } from '../data/rng';
import { unionOfSubspaces } from '../data/synthetic';
import { kmeans } from './kmeans';
import { kss } from './kss';
import { ensc, ssc } from './selfExpression';
import { lsr } from './lsr';
import { spectral } from './spectral';
import { mcr2Cluster } from './mcr2';
import { accuracy, ari, nmi } from './metrics';

const be = new CpuBackend();
/** Three random 4-dim subspaces of R³⁰, 50 points each, noise 0.05 (the benchmark). */
const SEEDS = [9101, 9202];
const datasets = SEEDS.map((seed) => unionOfSubspaces(new Rng(seed), { subspaces: 3, dim: 4, ambient: 30, perSubspace: 50, noise: 0.05 }));

type Method = (x: ReturnType<typeof be.upload>) => Promise<{ labels: Int32Array }>;

async function scores(method: Method, name = '') {
  const out: { accuracy: number; nmi: number; ari: number }[] = [];
  for (const data of datasets) {
    const live = be.liveTensors();
    const x = be.upload(data.X, { rows: data.n, cols: data.d });
    const { labels } = await method(x);
    be.dispose(x);
    expect(be.liveTensors(), 'every tensor freed').toBe(live);
    out.push({ accuracy: accuracy(labels, data.labels), nmi: nmi(labels, data.labels), ari: ari(labels, data.labels) });
  }
  if (name) console.log(`${name}: accuracy ${out.map((s) => s.accuracy.toFixed(3)).join(', ')}; NMI ${out.map((s) => s.nmi.toFixed(3)).join(', ')} (seeds ${SEEDS.join(', ')})`);
  return out;
}

describe('union of subspaces: 3 × 4-dim in R³⁰, 50 points each, noise 0.05', { timeout: 60_000 }, () => {
  it('SSC (ℓ1 self-expression by ADMM) reaches ≥ 95% accuracy', async () => {
    for (const s of await scores((x) => ssc(be, x, 3, { seed: 1 }), 'ssc')) {
      expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(s.nmi).toBeGreaterThan(0.85);
    }
  });

  it('EnSC (elastic net) reaches ≥ 95% accuracy, also with top-k coefficients kept per column', async () => {
    for (const s of await scores((x) => ensc(be, x, 3, { seed: 1 }), 'ensc')) expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const s of await scores((x) => ensc(be, x, 3, { seed: 1, topK: 8 }))) expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('LSR (closed form) reaches ≥ 95% accuracy, with and without the diagonal constraint', async () => {
    for (const s of await scores((x) => lsr(be, x, 3, { seed: 1 }), 'lsr')) expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const s of await scores((x) => lsr(be, x, 3, { seed: 1, zeroDiagonal: false }))) expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('k-means does not (subspaces through the origin share their center): well below 95%', async () => {
    for (const s of await scores((x) => kmeans(be, x, 3, { seed: 1 }), 'kmeans')) {
      expect(s.accuracy).toBeLessThan(0.7);
      expect(s.ari).toBeLessThan(0.3);
    }
  });

  it('k-subspaces with the right dimension, kNN spectral clustering and the Sinkhorn (MLC-style) membership also separate them', async () => {
    for (const s of await scores((x) => kss(be, x, 3, { dim: 4, seed: 1 }), 'kss')) expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const s of await scores((x) => spectral(be, x, 3, { seed: 1 }), 'spectral')) expect(s.accuracy).toBeGreaterThanOrEqual(0.9);
    for (const s of await scores((x) => mcr2Cluster(be, x, 3, { seed: 1 }), 'mcr2')) expect(s.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
