// window.subspaceLab: the public, promise-based face of the engine, backed by the compute worker.
import * as Comlink from 'comlink';
import type { BackendKind } from '../engine/backend';
import type { Matrix } from '../engine/matrix';
import type { BackendRequest } from '../engine/selectBackend';
import type { EngineEvent, EngineStatus } from '../worker/engineHost';
import type { WorkerApi } from '../worker/engineWorker';
import type { SelfTestRow } from '../engine/selfTest';

export type DevicePublic = { vendor: string; architecture: string; fallback: boolean };

export interface SubspaceLab {
  ready: Promise<void>;
  backend: BackendKind;
  device: DevicePublic | null;
  /** Why this backend was chosen, in words. */
  reason: string;
  linalg: {
    matmul(a: Matrix, b: Matrix, o?: { transA?: boolean; transB?: boolean }): Promise<Matrix>;
  };
  diagnostics: {
    liveTensors(): Promise<number>;
    selfTest(): Promise<SelfTestRow[]>;
  };
}

export type LabHooks = {
  onStatus?: (s: EngineStatus) => void;
  onEvent?: (e: EngineEvent) => void;
  onInitError?: (message: string) => void;
};

/** Reads ?backend=webgpu|cpu from a page URL's search part; anything else means auto. */
export function backendRequestFrom(search: string): BackendRequest {
  const v = new URLSearchParams(search).get('backend');
  return v === 'webgpu' || v === 'cpu' ? v : 'auto';
}

/** Starts the compute worker and returns the API object; `ready` settles once a backend is chosen. */
export function createSubspaceLab(request: BackendRequest, hooks: LabHooks = {}): SubspaceLab {
  const worker = new Worker(new URL('../worker/engineWorker.ts', import.meta.url), { type: 'module', name: 'subspace-lab-engine' });
  const remote = Comlink.wrap<WorkerApi>(worker);
  const lab: SubspaceLab = {
    ready: Promise.resolve(),
    backend: 'cpu',
    device: null,
    reason: 'starting',
    linalg: {
      matmul: async (a, b, o) => {
        await lab.ready;
        return remote.matmul(a, b, o);
      },
    },
    diagnostics: {
      liveTensors: async () => {
        await lab.ready;
        return remote.liveTensors();
      },
      selfTest: async () => {
        await lab.ready;
        return remote.selfTest();
      },
    },
  };
  worker.addEventListener('error', (e) => hooks.onInitError?.(`the compute worker failed: ${e.message}`));
  lab.ready = remote
    .init(request, Comlink.proxy((e: EngineEvent) => hooks.onEvent?.(e)))
    .then((status) => {
      lab.backend = status.backend;
      lab.device = status.device ? { vendor: status.device.vendor, architecture: status.device.architecture, fallback: status.device.fallback } : null;
      lab.reason = status.reason;
      hooks.onStatus?.(status);
    })
    .catch((e: Error) => {
      hooks.onInitError?.(e.message);
      throw e;
    });
  return lab;
}
