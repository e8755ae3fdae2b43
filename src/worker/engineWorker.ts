// The compute worker: hosts the engine and the experiment runs off the main thread, exposed through Comlink.
import * as Comlink from 'comlink';
import { EngineHost, type EngineEvent } from './engineHost';
import { RunHost, type RunAction, type RunReply, type RunStart } from './runHost';
import type { BackendRequest } from '../engine/selectBackend';
import { fetchSource, type ByteSource } from '../data/datasets';
import { readUserMatrix } from '../data/userData';
import { getExperiment } from '../experiments/registry';
import { EXPERIMENT_RUNS } from '../experiments/runRegistry';
import { resolveConfig, type ConfigRequest } from '../experiments/framework/resolveConfig';
import type { Progress } from '../experiments/framework/types';

const host = new EngineHost();
const runs = new RunHost();
/** The shipped datasets, fetched from the folder the page names in init (the app may live under any sub-path). */
let data: ByteSource = () => Promise.reject(new Error('the engine was not initialised with the app\'s URL'));

const workerApi = {
  /** Chooses a backend; `appBase` is the URL of the folder index.html is served from (see appBaseUrl). */
  init: (request: BackendRequest, emit: (e: EngineEvent) => void, appBase: string) => {
    data = fetchSource(appBase);
    return host.init(request, emit);
  },
  liveTensors: () => host.liveTensors(),
  memory: () => host.memory(),
  /** Test hook (window.subspaceLab.debug): destroys the WebGPU device as a driver reset would. */
  loseDeviceForTest: () => host.loseDeviceForTest(),
  matmul: async (...args: Parameters<EngineHost['matmul']>) => {
    const m = await host.matmul(...args);
    return Comlink.transfer(m, [m.data.buffer]);
  },
  linalg: (name: string, args: unknown[]) => host.linalg(name, args),
  cluster: (...args: Parameters<EngineHost['cluster']>) => host.cluster(...args),
  selfTest: () => host.selfTest(),
  /** Compiles the page's pipelines ahead of need (progress arrives as 'warmup' events). */
  warm: (pageId: string) => host.warm(pageId),
  /** Test and recording hook: pipeline cache counts and recipes (null on the cpu backend). */
  pipelines: () => host.pipelines(),
  /** Recording hook: plan kernels as a software adapter or a hardware GPU would. */
  planAs: (adapter: 'software' | 'hardware') => host.planAs(adapter),

  /**
   * Starts a run; resolves with its outcome once it ends. The config is validated again here. The outcome's final
   * metrics stay here: they are the last progress report's, which the page already has, and copying them again (every
   * affinity matrix of subspace-clustering's run) made the run's end one of the page's longest tasks.
   */
  startRun: async (
    runId: string,
    id: string,
    request: ConfigRequest,
    onProgress: (p: Progress) => void | Promise<void>,
    start: RunStart = 'run',
  ): Promise<RunReply> => {
    const meta = getExperiment(id);
    const run = EXPERIMENT_RUNS[id];
    if (!meta || !run) throw new Error(`unknown experiment “${String(id).slice(0, 60)}”`);
    const { config, warnings } = resolveConfig(meta, request);
    const backend = await host.ready();
    const { final: _final, ...outcome } = await runs.start(runId, run, config, { backend, data, userMatrix: readUserMatrix, watched: meta.watchedMetrics }, onProgress, start);
    return { ...outcome, config, warnings };
  },
  controlRun: (runId: string, action: RunAction) => runs.control(runId, action),
};

export type WorkerApi = typeof workerApi;

Comlink.expose(workerApi);
