// Runs an experiment to completion in Node on the float64 cpu backend (for tests and scripts).
import { CpuBackend } from '../../engine/cpu/cpuBackend';
import { nodeSource } from '../../data/nodeSource';
import { RunHost } from '../../worker/runHost';
import { getExperiment } from '../registry';
import { EXPERIMENT_RUNS } from '../runRegistry';
import { resolveConfig, type ConfigRequest } from './resolveConfig';
import type { Backend } from '../../engine/backend';
import type { Progress } from './types';

export async function runExperimentForTest(id: string, request: ConfigRequest, backend: Backend = new CpuBackend()) {
  const meta = getExperiment(id);
  const run = EXPERIMENT_RUNS[id];
  if (!meta || !run) throw new Error(`no experiment ${id}`);
  const { config, warnings } = resolveConfig(meta, request);
  if (warnings.length) throw new Error(`config warnings: ${warnings.join('; ')}`);
  const history: Progress[] = [];
  const before = backend.liveTensors();
  const outcome = await new RunHost().start(`test-${id}`, run, config, { backend, data: nodeSource, watched: meta.watchedMetrics }, (p) => void history.push(p));
  return { outcome, history, config, meta, leaked: backend.liveTensors() - before };
}
