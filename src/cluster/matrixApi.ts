// Plain-matrix entry points of the clustering methods for the public API: Matrix in, labels and host arrays out.
import type { Backend } from '../engine/backend';
import { checkMatrix, type Matrix } from '../engine/matrix';
import { kmeans } from './kmeans';
import { kss } from './kss';
import { ensc, ssc } from './selfExpression';
import { lsr } from './lsr';
import { spectral } from './spectral';
import { mcr2Cluster } from './mcr2';

import { CLUSTER_METHODS, type ClusterMethod } from './clusterMethods';

export { CLUSTER_METHODS, type ClusterMethod };

/** Options as the console passes them: the seed plus method-specific numbers, booleans and strings. */
export type ClusterOptions = { seed?: number } & Record<string, unknown>;

/** A clustering result made safe to post across the worker boundary: float64 arrays become Float32Array. */
export type ClusterOutput = { labels: Int32Array } & Record<string, unknown>;

/** Keeps option values that are finite numbers, booleans or short strings (anything else is dropped). */
function plainOptions(o: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!o || typeof o !== 'object') return out;
  for (const [key, v] of Object.entries(o as Record<string, unknown>)) {
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 40)) out[key] = v;
  }
  return out;
}

function toTransferable(result: Record<string, unknown>): ClusterOutput {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(result)) out[key] = v instanceof Float64Array ? Float32Array.from(v) : v;
  return out as ClusterOutput;
}

/**
 * Runs one clustering method on the rows of a plain matrix; every tensor it makes is freed before it returns.
 * @param x (n, d), samples as rows @param k number of clusters
 */
export async function runCluster(be: Backend, name: ClusterMethod, x: Matrix, k: number, options?: ClusterOptions): Promise<ClusterOutput> {
  checkMatrix(x, `cluster.${name}: X`);
  if (!Number.isInteger(k) || k < 1 || k > x.rows) throw new RangeError(`cluster.${name}: k must be an integer in [1, ${x.rows}], got ${k}`);
  const o = plainOptions(options);
  const t = be.upload(x.data, { rows: x.rows, cols: x.cols });
  try {
    switch (name) {
      case 'kmeans':
        return toTransferable(await kmeans(be, t, k, o));
      case 'kss':
        return toTransferable(await kss(be, t, k, o));
      case 'ssc':
        return toTransferable(await ssc(be, t, k, o));
      case 'ensc':
        return toTransferable(await ensc(be, t, k, o));
      case 'lsr':
        return toTransferable(await lsr(be, t, k, o));
      case 'spectral':
        return toTransferable(await spectral(be, t, k, o));
      case 'mcr2':
        return toTransferable(await mcr2Cluster(be, t, k, o));
      default: {
        const never: never = name;
        throw new Error(`unsupported clustering method ${String(never)}`);
      }
    }
  } finally {
    be.dispose(t);
  }
}
