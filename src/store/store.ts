// The one zustand vanilla store: engine status, device events, diagnostics, route. Plain data only.
import { createStore } from 'zustand/vanilla';
import type { BackendKind } from '../engine/backend';
import type { BackendRequest } from '../engine/selectBackend';
import type { SelfTestRow } from '../engine/selfTest';
import type { DeviceInfo } from '../engine/webgpu/device';
import type { BufferPoolStats } from '../engine/webgpu/bufferPool';
import { parseRoute, type Route } from './route';
import type { Progress } from '../experiments/framework/types';
import type { RunOutcome } from '../worker/runHost';
import { appendHistory, idleRun, type PageState, type RunState } from './experimentState';

export type EngineState = {
  status: 'starting' | 'ready' | 'failed';
  request: BackendRequest;
  backend: BackendKind | null;
  reason: string;
  device: DeviceInfo | null;
  webgpuError: string | null;
  error: string | null;
};

/** The open page's pipeline warm-up (compiling kernels ahead of its first run), as the worker reports it. */
export type WarmupState = { pageId: string; state: 'warming' | 'done' | 'cancelled'; done: number; total: number };

export type SelfTestState = { status: 'idle' | 'running' | 'done' | 'failed'; rows: SelfTestRow[]; error: string | null };

export type LabState = {
  engine: EngineState;
  /** Uncaptured WebGPU errors, newest last (capped). */
  gpuErrors: string[];
  /** Set when the GPU device was lost (the engine restarts by itself; the run's history and the config stay). */
  deviceLost: string | null;
  /** How many times the device was lost this session (each time the engine restarted). */
  deviceLosses: number;
  selfTest: SelfTestState;
  liveTensors: number | null;
  /** The WebGPU buffer pool's figures (null on the cpu backend or before Diagnostics polled). */
  gpuPool: BufferPoolStats | null;
  route: Route;
  page: PageState;
  run: RunState;
  warmup: WarmupState | null;
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
  setGpuPool(p: BufferPoolStats | null): void;
  navigate(hash: string): void;
  openExperiment(p: Omit<PageState, 'plotIndex'>): void;
  setConfig(config: Record<string, unknown>): void;
  setClassroom(on: boolean): void;
  setPlotIndex(i: number): void;
  dismissWarnings(): void;
  runStarted(runId: string, experimentId: string, config: Record<string, unknown>, paused: boolean): void;
  runProgress(batch: Progress[], elapsedMs: number): void;
  runPaused(paused: boolean): void;
  runEnded(o: Pick<RunOutcome, 'status' | 'message'>, elapsedMs: number): void;
  warmupProgress(w: WarmupState): void;
};

export type LabStore = LabState & LabActions;

const MAX_ERRORS = 50;

/**
 * Whether `p` would open what `page` already shows: then opening it changes nothing, so no view re-renders (the page
 * opened before the first render is opened again by the page's own effect).
 */
function samePage(page: PageState, p: Omit<PageState, 'plotIndex'>): boolean {
  const { plotIndex: _, ...current } = page;
  return JSON.stringify(current) === JSON.stringify({ ...current, ...p });
}

export function createLabStore(initialHash = '') {
  return createStore<LabStore>()((set) => ({
    engine: { status: 'starting', request: 'auto', backend: null, reason: '', device: null, webgpuError: null, error: null },
    gpuErrors: [],
    deviceLost: null,
    deviceLosses: 0,
    selfTest: { status: 'idle', rows: [], error: null },
    liveTensors: null,
    gpuPool: null,
    route: parseRoute(initialHash),
    page: { id: null, config: {}, warnings: [], classroom: false, hidden: [], panels: [], plot: null, embed: false, plotIndex: 0 },
    run: idleRun,
    warmup: null,

    engineStarting: (request) => set((s) => ({ engine: { ...s.engine, status: 'starting', request, error: null } })),
    engineReady: (r) => set((s) => ({ engine: { ...s.engine, status: 'ready', ...r, error: null } })),
    engineFailed: (message) => set((s) => ({ engine: { ...s.engine, status: 'failed', error: message } })),
    gpuError: (message) => set((s) => ({ gpuErrors: [...s.gpuErrors, message].slice(-MAX_ERRORS) })),
    setDeviceLost: (reason, message) => set((s) => ({ deviceLost: `${reason}${message ? `: ${message}` : ''}`, deviceLosses: s.deviceLosses + 1 })),
    selfTestStarted: () => set({ selfTest: { status: 'running', rows: [], error: null } }),
    selfTestRow: (row) => set((s) => ({ selfTest: { ...s.selfTest, rows: [...s.selfTest.rows, row] } })),
    selfTestFinished: (error) =>
      set((s) => ({ selfTest: { ...s.selfTest, status: error ? 'failed' : 'done', error: error ?? null } })),
    setLiveTensors: (n) => set({ liveTensors: n }),
    setGpuPool: (gpuPool) => set({ gpuPool }),
    navigate: (hash) => set({ route: parseRoute(hash) }),
    openExperiment: (p) =>
      set((s) => samePage(s.page, p) ? s : ({
        page: { ...p, plotIndex: s.page.id === p.id ? s.page.plotIndex : 0 },
        // a different experiment starts with a clean slate; the same one keeps its last run's plots
        run: s.run.experimentId === p.id ? s.run : idleRun,
      })),
    setConfig: (config) => set((s) => ({ page: { ...s.page, config } })),
    setClassroom: (classroom) => set((s) => ({ page: { ...s.page, classroom } })),
    setPlotIndex: (plotIndex) => set((s) => ({ page: { ...s.page, plotIndex } })),
    dismissWarnings: () => set((s) => ({ page: { ...s.page, warnings: [] } })),
    runStarted: (runId, experimentId, config, paused) =>
      set({ run: { runId, experimentId, status: paused ? 'paused' : 'running', message: null, history: [], config, startedAt: Date.now(), elapsedMs: 0 } }),
    runProgress: (batch, elapsedMs) => set((s) => ({ run: { ...s.run, history: appendHistory(s.run.history, batch), elapsedMs } })),
    runPaused: (paused) =>
      set((s) => (s.run.status === 'running' || s.run.status === 'paused' ? { run: { ...s.run, status: paused ? 'paused' : 'running' } } : {})),
    runEnded: (o, elapsedMs) => set((s) => ({ run: { ...s.run, runId: null, status: o.status, message: o.message, elapsedMs } })),
    warmupProgress: (w) => set({ warmup: { pageId: w.pageId, state: w.state, done: w.done, total: w.total } }),
  }));
}

export type LabStoreApi = ReturnType<typeof createLabStore>;
