// The compute worker: hosts the engine off the main thread and exposes it through Comlink.
import * as Comlink from 'comlink';
import { EngineHost, type EngineEvent } from './engineHost';
import type { BackendRequest } from '../engine/selectBackend';

const host = new EngineHost();

const workerApi = {
  init: (request: BackendRequest, emit: (e: EngineEvent) => void) => host.init(request, emit),
  liveTensors: () => host.liveTensors(),
  matmul: async (...args: Parameters<EngineHost['matmul']>) => {
    const m = await host.matmul(...args);
    return Comlink.transfer(m, [m.data.buffer]);
  },
  selfTest: () => host.selfTest(),
};

export type WorkerApi = typeof workerApi;

Comlink.expose(workerApi);
