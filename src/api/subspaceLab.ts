// window.subspaceLab: the public, promise-based face of the engine, backed by the compute worker.
import * as Comlink from 'comlink';
import type { BackendKind } from '../engine/backend';
import type { Matrix } from '../engine/matrix';
import type { BackendRequest } from '../engine/selectBackend';
import type { EngineEvent, EngineMemory, EngineStatus, PipelineReport } from '../worker/engineHost';
import type { WarmupReport } from '../engine/webgpu/pipelineWarmup';
import type { WorkerApi } from '../worker/engineWorker';
import type { SelfTestRow } from '../engine/selfTest';
import type { RunAction, RunOutcome, RunReply, RunStart } from '../worker/runHost';
import type { Metrics, Progress } from '../experiments/framework/types';
import type { ConfigRequest } from '../experiments/framework/resolveConfig';
import { EXPERIMENTS, getExperiment } from '../experiments/registry';
import { decodeQuery, encodeHash } from '../url/codec';
import { parseRoute } from '../store/route';
import type { ClusterOutput } from '../cluster/matrixApi';
import { CLUSTER_METHODS } from '../cluster/clusterMethods';
import { appBaseUrl } from '../data/datasets';
import { accuracy, ari, nmi } from '../cluster/metrics';

export type DevicePublic = { vendor: string; architecture: string; fallback: boolean };

export type RunResult = { metrics: Metrics; config: Record<string, unknown> };

/** Thrown by experiments.run when a run diverges, fails or is cancelled; `outcome` keeps what it had. */
export class RunError extends Error {
  constructor(readonly outcome: RunOutcome) {
    super(outcome.message ?? outcome.status);
    this.name = 'RunError';
  }
}

export interface SubspaceLab {
  ready: Promise<void>;
  backend: BackendKind;
  device: DevicePublic | null;
  /** Why this backend was chosen, in words. */
  reason: string;
  linalg: {
    matmul(a: Matrix, b: Matrix, o?: { transA?: boolean; transB?: boolean }): Promise<Matrix>;
    qr(a: Matrix): Promise<{ Q: Matrix; R: Matrix }>;
    svd(a: Matrix, o?: { k?: number; method?: 'auto' | 'jacobi' | 'randomized'; seed?: number }): Promise<{ U: Matrix; S: Float32Array; V: Matrix }>;
    eigh(a: Matrix): Promise<{ values: Float32Array; vectors: Matrix }>;
    cholesky(a: Matrix): Promise<Matrix>;
    logdet(a: Matrix): Promise<number>;
    solve(a: Matrix, b: Matrix): Promise<Matrix>;
    /** Linear CKA between two representations of the same samples (rows). */
    cka(X: Matrix, Y: Matrix): Promise<number>;
    /** The top-k canonical correlations between two views (rows are samples), descending; k ≤ the ranks. */
    cca(X: Matrix, Y: Matrix, k: number): Promise<number[]>;
    /** Principal angles (radians, ascending) between the column spans of A and B. */
    principalAngles(A: Matrix, B: Matrix): Promise<number[]>;
    /** The orthogonal R minimizing ‖XR − Y‖_F. */
    procrustes(X: Matrix, Y: Matrix): Promise<Matrix>;
    /** ℓ2 leverage scores aᵢᵀ(AᵀA)⁻¹aᵢ of the rows of a tall, full-rank A (rows ≥ cols); they sum to cols. */
    leverageScores(a: Matrix): Promise<number[]>;
    /** ℓp Lewis weights of the rows of a tall, full-rank A (p ≥ 1); they sum to cols; p = 2 gives leverage scores. */
    lewisWeights(a: Matrix, p: number): Promise<number[]>;
    /** Eigenvalues of the rank-r best-fit operator X1 ≈ K·X0 (exact DMD); snapshots are columns. */
    dmd(X0: Matrix, X1: Matrix, r: number): Promise<{ re: number[]; im: number[] }>;
  };
  /** Clustering of the rows of X into k groups: kmeans, kss, ssc, ensc, lsr, spectral, mcr2. */
  cluster: Record<string, (X: Matrix, k: number, o?: { seed?: number } & Record<string, unknown>) => Promise<ClusterOutput>>;
  /** Scores of predicted labels against true ones (pure functions, run on the calling thread). */
  metrics: {
    accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number;
    nmi(pred: ArrayLike<number>, truth: ArrayLike<number>): number;
    ari(pred: ArrayLike<number>, truth: ArrayLike<number>): number;
  };
  experiments: {
    list(): { id: string; title: string; papers: string[] }[];
    run(
      id: string,
      config?: ConfigRequest,
      o?: { onProgress?: (p: { step: number; total: number; metrics: Metrics }) => void },
    ): Promise<RunResult>;
    /**
     * Compiles the pipelines a page's quick and default presets use (listed in the committed
     * manifest) ahead of need, in the worker; the page calls it once it has painted. Any run or call
     * on the engine stops it (the work then waits only for the compile in flight). Resolves with what
     * it did; a recipe the code no longer has is listed in `missing` and warned about, never thrown.
     */
    warm(id: string): Promise<WarmupReport>;
  };
  url: {
    encode(id: string, config: Record<string, unknown>): string;
    decode(hash: string): { id: string; config: Record<string, unknown>; warnings: string[] };
  };
  diagnostics: {
    liveTensors(): Promise<number>;
    /** Live tensors, the GPU buffer pool's buffers and bytes (webgpu), and the worker's JS heap where the browser tells it. */
    memory(): Promise<EngineMemory>;
    /**
     * The Diagnostics self-test: on webgpu (when available) one row per kernel case, covering every WGSL file under
     * shaders/ against the float64 cpu backend; on cpu one row per identity (QᵀQ = I, A = USVᵀ, LLᵀ = A, …). Each row
     * names its WGSL files, its error and its tolerance.
     */
    selfTest(): Promise<SelfTestRow[]>;
  };
  /**
   * Test hooks, not part of the UI: `loseDevice()` destroys the WebGPU device behind the engine's
   * back, as a driver reset would (false on the cpu backend). The engine restarts by itself.
   */
  debug: {
    loseDevice(): Promise<boolean>;
    /** The pipeline cache's counts (compiled on demand / ahead) and the recipes of the pipelines used so far; null on cpu. */
    pipelines(): Promise<PipelineReport | null>;
    /** Recording hook: plan kernels as a software adapter or a hardware GPU would, whatever the adapter (false on cpu). */
    planAs(adapter: 'software' | 'hardware'): Promise<boolean>;
  };
  /**
   * Low-level run control for the page's runner (pause/resume/step/cancel by run id). The outcome has no final
   * metrics: they are the last progress report's.
   */
  runs: {
    start(runId: string, id: string, config: ConfigRequest, onProgress: (p: Progress) => void | Promise<void>, start?: RunStart): Promise<RunReply>;
    control(runId: string, action: RunAction): Promise<boolean>;
  };
}

export type LabHooks = {
  onStatus?: (s: EngineStatus) => void;
  onEvent?: (e: EngineEvent) => void;
  onInitError?: (message: string) => void;
  /** The worker starts once this settles (default: at once). The page passes its first idle moment, so the worker's
   *  own script compile does not compete with the page's first render for a core. */
  startAfter?: Promise<void>;
};

/** Reads ?backend=webgpu|cpu from a page URL's search part; anything else means auto. */
export function backendRequestFrom(search: string): BackendRequest {
  const v = new URLSearchParams(search).get('backend');
  return v === 'webgpu' || v === 'cpu' ? v : 'auto';
}

let runCounter = 0;

/** Starts the compute worker (at once, or after hooks.startAfter) and returns the API object; `ready` settles once a backend is chosen. */
export function createSubspaceLab(request: BackendRequest, hooks: LabHooks = {}): SubspaceLab {
  let remote!: Comlink.Remote<WorkerApi>; // set when the worker starts; every use waits for lab.ready, which comes after
  const afterReady = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    await lab.ready;
    return fn(...a);
  };
  const linalgCall = <R>(name: string) => afterReady((...args: unknown[]) => remote.linalg(name, args) as Promise<R>);

  const lab: SubspaceLab = {
    ready: Promise.resolve(),
    backend: 'cpu',
    device: null,
    reason: 'starting',
    linalg: {
      matmul: afterReady((a: Matrix, b: Matrix, o?: { transA?: boolean; transB?: boolean }) => remote.matmul(a, b, o)),
      qr: linalgCall('qr'),
      svd: linalgCall('svd'),
      eigh: linalgCall('eigh'),
      cholesky: linalgCall('cholesky'),
      logdet: linalgCall('logdet'),
      solve: linalgCall('solve'),
      cka: linalgCall('cka'),
      cca: linalgCall('cca'),
      principalAngles: linalgCall('principalAngles'),
      procrustes: linalgCall('procrustes'),
      leverageScores: linalgCall('leverageScores'),
      lewisWeights: linalgCall('lewisWeights'),
      dmd: linalgCall('dmd'),
    },
    cluster: Object.fromEntries(CLUSTER_METHODS.map((name) => [
      name, afterReady((X: Matrix, k: number, o?: Record<string, unknown>) => remote.cluster(name, X, k, o)),
    ])),
    metrics: { accuracy, nmi, ari },
    experiments: {
      list: () => EXPERIMENTS.map((e) => ({ id: e.id, title: e.title, papers: e.papers.map((p) => p.name) })),
      run: afterReady(async (id: string, config?: ConfigRequest, o: { onProgress?: (p: Progress) => void } = {}) => {
        if (!getExperiment(id)) throw new Error(`unknown experiment “${String(id).slice(0, 60)}”; see subspaceLab.experiments.list()`);
        // the worker's reply leaves the final metrics out: they are the last report's
        let final: Metrics | null = null;
        const onProgress = (p: Progress) => {
          final = p.metrics;
          o.onProgress?.(p);
        };
        const reply = await remote.startRun(`api-${++runCounter}`, id, config ?? 'default', Comlink.proxy(onProgress));
        if (reply.status !== 'done') throw new RunError({ ...reply, final });
        return { metrics: final ?? {}, config: reply.config };
      }),
      warm: afterReady((id: string) => remote.warm(id)),
    },
    url: {
      encode: (id, config) => {
        const meta = getExperiment(id);
        if (!meta) throw new Error(`unknown experiment “${String(id).slice(0, 60)}”`);
        return encodeHash(id, meta.fields, config);
      },
      decode: (hash) => {
        const route = parseRoute(hash);
        if (route.page !== 'experiment') return { id: '', config: {}, warnings: ['The link names no experiment.'] };
        const meta = getExperiment(route.id);
        if (!meta) return { id: route.id, config: {}, warnings: [`There is no experiment “${route.id.slice(0, 60)}”.`] };
        const { config, warnings } = decodeQuery(meta.fields, route.query);
        return { id: route.id, config, warnings };
      },
    },
    diagnostics: {
      liveTensors: afterReady(() => remote.liveTensors()),
      memory: afterReady(() => remote.memory()),
      selfTest: afterReady(() => remote.selfTest()),
    },
    debug: {
      loseDevice: afterReady(() => remote.loseDeviceForTest()),
      pipelines: afterReady(() => remote.pipelines()),
      planAs: afterReady((adapter: 'software' | 'hardware') => remote.planAs(adapter)),
    },
    runs: {
      start: afterReady((runId: string, id: string, config: ConfigRequest, onProgress: (p: Progress) => void | Promise<void>, start: RunStart = 'run') =>
        remote.startRun(runId, id, config, Comlink.proxy(onProgress), start),
      ),
      control: afterReady((runId: string, action: RunAction) => remote.controlRun(runId, action)),
    },
  };
  const adopt = (status: EngineStatus) => {
    lab.backend = status.backend;
    lab.device = status.device ? { vendor: status.device.vendor, architecture: status.device.architecture, fallback: status.device.fallback } : null;
    lab.reason = status.reason;
    hooks.onStatus?.(status);
  };
  const onEvent = (e: EngineEvent) => {
    // after a device loss the engine restarts by itself, perhaps on the other backend
    if (e.type === 'engine-restarted') adopt(e.status);
    hooks.onEvent?.(e);
  };
  lab.ready = (hooks.startAfter ?? Promise.resolve())
    .then(() => {
      const worker = new Worker(new URL('../worker/engineWorker.ts', import.meta.url), { type: 'module', name: 'subspace-lab-engine' });
      worker.addEventListener('error', (e) => hooks.onInitError?.(`the compute worker failed: ${e.message}`));
      remote = Comlink.wrap<WorkerApi>(worker);
      return remote.init(request, Comlink.proxy(onEvent), appBaseUrl(import.meta.env.BASE_URL, location.href));
    })
    .then(adopt)
    .catch((e: Error) => {
      hooks.onInitError?.(e.message);
      throw e;
    });
  return lab;
}
