// Runs one experiment page to completion on a given backend (browser tests comparing webgpu with the float64 twin).
import { expect } from 'vitest';
import type { Backend } from '../engine/backend';
import { fetchSource } from '../data/datasets';
import { RunHost } from '../worker/runHost';
import { getExperiment } from '../experiments/registry';
import { EXPERIMENT_RUNS } from '../experiments/runRegistry';
import { resolveConfig, type ConfigRequest } from '../experiments/framework/resolveConfig';
import type { Metrics, Progress } from '../experiments/framework/types';

/** The final metrics, the wall time and how many tensors the run left alive; fails the test unless it ends 'done'. */
export async function runExperimentOn(be: Backend, id: string, request: ConfigRequest, onProgress: (p: Progress, seconds: number) => void = () => {}): Promise<{ m: Metrics; seconds: number; leaked: number }> {
  const meta = getExperiment(id);
  if (!meta) throw new Error(`no experiment '${id}'`);
  const { config } = resolveConfig(meta, request);
  const before = be.liveTensors();
  const t0 = performance.now();
  const outcome = await new RunHost().start(`${id}-${be.kind}`, EXPERIMENT_RUNS[id as keyof typeof EXPERIMENT_RUNS], config, { backend: be, data: fetchSource(''), watched: meta.watchedMetrics }, (p) => onProgress(p, (performance.now() - t0) / 1000));
  expect(outcome.status, outcome.message ?? '').toBe('done');
  return { m: outcome.final!, seconds: (performance.now() - t0) / 1000, leaked: be.liveTensors() - before };
}
