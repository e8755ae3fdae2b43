// The engine as the compute worker hosts it: one active backend (restarted after a device loss), plain-matrix entry points, events out.
import type { Backend, BackendKind } from '../engine/backend';
import { checkMatrix, type Matrix } from '../engine/matrix';
import { selectBackend, type BackendChoice, type BackendRequest } from '../engine/selectBackend';
import { runSelfTest, type SelfTestRow } from '../engine/selfTest';
import type { DeviceEvents, DeviceInfo } from '../engine/webgpu/device';
import type { BufferPoolStats } from '../engine/webgpu/bufferPool';
import { WebGpuBackend } from '../engine/webgpu/webgpuBackend';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { LINALG_FUNCTIONS, runLinalg, type LinalgName } from '../linalg/matrixApi';
import { CLUSTER_METHODS, runCluster, type ClusterMethod, type ClusterOutput } from '../cluster/matrixApi';
import { PipelineWarmup, type WarmupReport } from '../engine/webgpu/pipelineWarmup';
import type { PipelineCacheStats } from '../engine/webgpu/pipelineCache';
import type { PipelineRecipe } from '../engine/webgpu/pipelineRecipes';
import { pageWarmupRecipes } from '../experiments/pipelineManifest';

/** What the host tells the page about itself. */
export type EngineStatus = {
  backend: BackendKind;
  device: DeviceInfo | null;
  reason: string;
  webgpuError: string | null;
};

/**
 * Events the host sends up: device errors, device loss, the engine restarted after a loss (with
 * its new status), self-test rows.
 */
export type EngineEvent =
  | { type: 'gpu-error'; message: string }
  | { type: 'device-lost'; reason: string; message: string }
  | { type: 'engine-restarted'; status: EngineStatus }
  | { type: 'self-test-row'; row: SelfTestRow }
  | { type: 'warmup'; pageId: string; report: WarmupReport };

/** The pipeline cache as tests and the manifest recorder see it (webgpu only). */
export type PipelineReport = {
  adapter: 'software' | 'hardware';
  stats: PipelineCacheStats;
  recipes: PipelineRecipe[];
  /** Names of pipelines whose WGSL has no recipe (assembled at run time without `wgslGenerator`): they cannot be warmed. */
  unrecorded: string[];
};

/** Memory figures for Diagnostics and the soak test. `heapBytes`: the worker's JS heap, where the browser tells it. */
export type EngineMemory = { liveTensors: number; pool: BufferPoolStats | null; heapBytes: number | null };

export class EngineHost {
  private backend: Backend | null = null;
  private status: EngineStatus | null = null;
  private request: BackendRequest = 'auto';
  /** Settles once the engine has restarted after a device loss; null when no restart is under way. */
  private restarting: Promise<void> | null = null;
  /** Device losses survived so far (each one restarted the engine). */
  deviceLosses = 0;
  private emit: (e: EngineEvent) => void = () => {};
  /** The page's pipeline warm-up while it runs; any work on the engine stops it first (see `ready`). */
  private warmup: PipelineWarmup | null = null;

  /** Chooses and starts a backend; `request` comes from ?backend= in the page URL. */
  async init(request: BackendRequest, emit?: (e: EngineEvent) => void): Promise<EngineStatus> {
    if (emit) this.emit = emit;
    this.request = request;
    this.backend?.destroy();
    return this.adopt(await selectBackend(request, this.deviceEvents()));
  }

  /** The active backend; throws until init has finished. */
  get active(): Backend {
    if (!this.backend) throw new Error('the engine is not ready yet: await subspaceLab.ready first');
    return this.backend;
  }

  /**
   * The active backend once any restart after a device loss has finished. A pipeline warm-up under
   * way is stopped: its queued compiles are dropped and the one in flight is awaited, so the work that
   * follows compiles what it still lacks itself and never competes with the warm-up.
   */
  async ready(): Promise<Backend> {
    if (this.restarting) await this.restarting;
    await this.stopWarmup();
    return this.active;
  }

  /**
   * Compiles the pipelines `pageId`'s presets use (from the committed manifest) ahead of need, one
   * at a time, emitting 'warmup' events as it goes; resolves with the final report. On the cpu
   * backend, or for a page the manifest lacks, there is nothing to warm (total 0).
   */
  async warm(pageId: string): Promise<WarmupReport> {
    await this.stopWarmup();
    const be = this.restarting ? null : this.backend;
    const adapter = be instanceof WebGpuBackend ? (be.info.fallback ? 'software' : 'hardware') : null;
    const recipes = adapter ? pageWarmupRecipes(pageId, adapter) : [];
    if (recipes === null) console.warn(`pipeline warm-up: the manifest has no ${adapter} entry for "${pageId}"; run \`npm run record-pipelines\``);
    if (!(be instanceof WebGpuBackend) || !recipes?.length) {
      const report: WarmupReport = { state: 'done', done: 0, total: 0, compiled: 0, missing: [], failed: [], ms: 0 };
      this.emit({ type: 'warmup', pageId, report });
      return report;
    }
    const warmup = new PipelineWarmup(be.pipelines, recipes, (report) => this.emit({ type: 'warmup', pageId, report }));
    this.warmup = warmup;
    const report = await warmup.finished;
    if (this.warmup === warmup) this.warmup = null;
    return report;
  }

  private async stopWarmup(): Promise<void> {
    const w = this.warmup;
    this.warmup = null;
    if (w) await w.stop();
  }

  /** Recording hook (see WebGpuBackend.planAs); false on the cpu backend. */
  planAs(adapter: 'software' | 'hardware'): boolean {
    if (!(this.backend instanceof WebGpuBackend)) return false;
    this.backend.planAs(adapter);
    return true;
  }

  /** Test and recording hook: the pipeline cache's counts and recipes, or null on the cpu backend. */
  pipelines(): PipelineReport | null {
    const be = this.backend;
    if (!(be instanceof WebGpuBackend)) return null;
    return { adapter: be.info.fallback ? 'software' : 'hardware', stats: be.pipelines.stats(), ...be.pipelines.recipes() };
  }

  liveTensors(): number {
    return this.backend?.liveTensors() ?? 0;
  }

  memory(): EngineMemory {
    const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return {
      liveTensors: this.liveTensors(),
      pool: this.backend instanceof WebGpuBackend ? this.backend.poolStats() : null,
      heapBytes: heap ? heap.usedJSHeapSize : null,
    };
  }

  /**
   * Test hook: destroys the active WebGPU device behind the engine's back, as a driver reset
   * would. Returns false on the cpu backend, which has no device to lose.
   */
  loseDeviceForTest(): boolean {
    if (!(this.backend instanceof WebGpuBackend)) return false;
    this.backend.device.destroy();
    return true;
  }

  private deviceEvents(): DeviceEvents {
    return {
      onError: (message) => this.emit({ type: 'gpu-error', message }),
      onLost: (reason, message) => this.deviceLost(reason, message),
    };
  }

  private adopt(choice: BackendChoice): EngineStatus {
    this.backend = choice.backend;
    this.status = { backend: choice.backend.kind, device: choice.device, reason: choice.reason, webgpuError: choice.webgpuError };
    return this.status;
  }

  /**
   * The device is gone: the lost backend refuses further work (so a run on it fails with the
   * reason, keeping its history), and the engine restarts on a new device, or on the cpu backend
   * when none can be had. The lost backend is not destroyed here: a run may still be unwinding on it.
   */
  private deviceLost(reason: string, message: string): void {
    const lost = this.backend;
    const why = `${reason}${message ? `: ${message}` : ''}`;
    if (lost instanceof WebGpuBackend) lost.markLost(why);
    this.deviceLosses++;
    this.emit({ type: 'device-lost', reason, message });
    this.restarting = this.restart(why).finally(() => (this.restarting = null));
  }

  private async restart(why: string): Promise<void> {
    let choice: BackendChoice;
    try {
      choice = await selectBackend(this.request, this.deviceEvents());
      choice.reason = `The GPU device was lost (${why}); the engine restarted: ${choice.reason}`;
    } catch (e) {
      const msg = (e as Error).message;
      choice = {
        backend: new CpuBackend(),
        device: null,
        reason: `The GPU device was lost (${why}) and no new one could be had (${msg}), so the cpu backend runs.`,
        webgpuError: msg,
      };
    }
    this.emit({ type: 'engine-restarted', status: this.adopt(choice) });
  }

  /** C = op(A)·op(B) on the active backend; plain matrices in and out. */
  async matmul(a: Matrix, b: Matrix, o: { transA?: boolean; transB?: boolean } = {}): Promise<Matrix> {
    checkMatrix(a, 'matmul: a');
    checkMatrix(b, 'matmul: b');
    const be = await this.ready();
    const out = be.tidy(() => be.matmul(be.upload(a.data, a), be.upload(b.data, b), o));
    try {
      return { rows: out.rows, cols: out.cols, data: Float32Array.from(await be.read(out)) };
    } finally {
      be.dispose(out);
    }
  }

  /** A factorization by name (qr, svd, eigh, cholesky, logdet, solve) on plain matrices. */
  async linalg(name: string, args: unknown[]): Promise<unknown> {
    if (!(LINALG_FUNCTIONS as readonly string[]).includes(name)) throw new Error(`unknown linalg function “${String(name).slice(0, 40)}”`);
    return runLinalg(await this.ready(), name as LinalgName, args);
  }

  /** A clustering method by name (kmeans, kss, ssc, ensc, lsr, spectral, mcr2) on the rows of a plain matrix. */
  async cluster(name: string, x: Matrix, k: number, o?: Record<string, unknown>): Promise<ClusterOutput> {
    if (!(CLUSTER_METHODS as readonly string[]).includes(name)) throw new Error(`unknown clustering method “${String(name).slice(0, 40)}”; use one of ${CLUSTER_METHODS.join(', ')}`);
    return runCluster(await this.ready(), name as ClusterMethod, x, k, o);
  }

  /**
   * Runs the kernel self-test on both backends: the active one, the other one when available.
   * A missing WebGPU adapter is reported as a failed row that says why.
   */
  async selfTest(): Promise<SelfTestRow[]> {
    const rows: SelfTestRow[] = [];
    const onRow = (row: SelfTestRow) => {
      rows.push(row);
      this.emit({ type: 'self-test-row', row });
    };
    const active = await this.ready();
    if (active.kind === 'webgpu') {
      await runSelfTest(active, onRow);
    } else {
      const gpu = await selectBackend('webgpu', {
        onError: (message) => this.emit({ type: 'gpu-error', message }),
      }).catch((e: Error) => e);
      if (gpu instanceof Error) {
        onRow({ kernel: 'WebGPU', files: [], check: 'an adapter', backend: 'webgpu', shape: '—', maxError: NaN, tolerance: 0, gflops: null, ms: 0, ok: false, error: gpu.message });
      } else {
        await runSelfTest(gpu.backend, onRow);
        gpu.backend.destroy();
      }
    }
    const cpu = active.kind === 'cpu' ? active : new CpuBackend();
    await runSelfTest(cpu, onRow);
    if (cpu !== active) cpu.destroy();
    return rows;
  }
}
