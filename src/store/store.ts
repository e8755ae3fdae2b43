// The one zustand vanilla store: engine status, device events, diagnostics, route. Plain data only.
import { createStore } from 'zustand/vanilla';
import type { BackendKind } from '../engine/backend';
import type { BackendRequest } from '../engine/selectBackend';
import type { SelfTestRow } from '../engine/selfTest';
import type { DeviceInfo } from '../engine/webgpu/device';
import { parseRoute, type Route } from './route';

export type EngineState = {
  status: 'starting' | 'ready' | 'failed';
  request: BackendRequest;
  backend: BackendKind | null;
  reason: string;
  device: DeviceInfo | null;
  webgpuError: string | null;
  error: string | null;
};

export type SelfTestState = { status: 'idle' | 'running' | 'done' | 'failed'; rows: SelfTestRow[]; error: string | null };

export type LabState = {
  engine: EngineState;
  /** Uncaptured WebGPU errors, newest last (capped). */
  gpuErrors: string[];
  /** Set when the GPU device was lost; the page must be reloaded to continue on the GPU. */
  deviceLost: string | null;
  selfTest: SelfTestState;
  liveTensors: number | null;
  route: Route;
};

export type LabActions = {
  engineStarting(request: BackendRequest): void;
  engineReady(s: { backend: BackendKind; reason: string; device: DeviceInfo | null; webgpuError: string | null }): void;
  engineFailed(message: string): void;
  gpuError(message: string): void;
  setDeviceLost(reason: string, message: string): void;
  selfTestStarted(): void;
  selfTestRow(row: SelfTestRow): void;
  selfTestFinished(error?: string): void;
  setLiveTensors(n: number): void;
  navigate(hash: string): void;
};

export type LabStore = LabState & LabActions;

const MAX_ERRORS = 50;

export function createLabStore(initialHash = '') {
  return createStore<LabStore>()((set) => ({
    engine: { status: 'starting', request: 'auto', backend: null, reason: '', device: null, webgpuError: null, error: null },
    gpuErrors: [],
    deviceLost: null,
    selfTest: { status: 'idle', rows: [], error: null },
    liveTensors: null,
    route: parseRoute(initialHash),

    engineStarting: (request) => set((s) => ({ engine: { ...s.engine, status: 'starting', request, error: null } })),
    engineReady: (r) => set((s) => ({ engine: { ...s.engine, status: 'ready', ...r, error: null } })),
    engineFailed: (message) => set((s) => ({ engine: { ...s.engine, status: 'failed', error: message } })),
    gpuError: (message) => set((s) => ({ gpuErrors: [...s.gpuErrors, message].slice(-MAX_ERRORS) })),
    setDeviceLost: (reason, message) => set({ deviceLost: `${reason}${message ? `: ${message}` : ''}` }),
    selfTestStarted: () => set({ selfTest: { status: 'running', rows: [], error: null } }),
    selfTestRow: (row) => set((s) => ({ selfTest: { ...s.selfTest, rows: [...s.selfTest.rows, row] } })),
    selfTestFinished: (error) =>
      set((s) => ({ selfTest: { ...s.selfTest, status: error ? 'failed' : 'done', error: error ?? null } })),
    setLiveTensors: (n) => set({ liveTensors: n }),
    navigate: (hash) => set({ route: parseRoute(hash) }),
  }));
}

export type LabStoreApi = ReturnType<typeof createLabStore>;
