// The engine as the compute worker hosts it: one active backend, plain-matrix entry points, events out.
import type { Backend, BackendKind } from '../engine/backend';
import { checkMatrix, type Matrix } from '../engine/matrix';
import { selectBackend, type BackendRequest } from '../engine/selectBackend';
import { runSelfTest, type SelfTestRow } from '../engine/selfTest';
import type { DeviceInfo } from '../engine/webgpu/device';
import { CpuBackend } from '../engine/cpu/cpuBackend';
import { LINALG_FUNCTIONS, runLinalg, type LinalgName } from '../linalg/matrixApi';
import { CLUSTER_METHODS, runCluster, type ClusterMethod, type ClusterOutput } from '../cluster/matrixApi';

/** What the host tells the page about itself. */
export type EngineStatus = {
  backend: BackendKind;
  device: DeviceInfo | null;
  reason: string;
  webgpuError: string | null;
};

/** Events the host sends up: device errors, device loss, self-test rows. */
export type EngineEvent =
  | { type: 'gpu-error'; message: string }
  | { type: 'device-lost'; reason: string; message: string }
  | { type: 'self-test-row'; row: SelfTestRow };

export class EngineHost {
  private backend: Backend | null = null;
  private status: EngineStatus | null = null;
  private emit: (e: EngineEvent) => void = () => {};

  /** Chooses and starts a backend; `request` comes from ?backend= in the page URL. */
  async init(request: BackendRequest, emit?: (e: EngineEvent) => void): Promise<EngineStatus> {
    if (emit) this.emit = emit;
    this.backend?.destroy();
    const choice = await selectBackend(request, {
      onError: (message) => this.emit({ type: 'gpu-error', message }),
      onLost: (reason, message) => this.emit({ type: 'device-lost', reason, message }),
    });
    this.backend = choice.backend;
    this.status = { backend: choice.backend.kind, device: choice.device, reason: choice.reason, webgpuError: choice.webgpuError };
    return this.status;
  }

  /** The active backend; throws until init has finished. */
  get active(): Backend {
    if (!this.backend) throw new Error('the engine is not ready yet: await subspaceLab.ready first');
    return this.backend;
  }

  liveTensors(): number {
    return this.backend?.liveTensors() ?? 0;
  }

  /** C = op(A)·op(B) on the active backend; plain matrices in and out. */
  async matmul(a: Matrix, b: Matrix, o: { transA?: boolean; transB?: boolean } = {}): Promise<Matrix> {
    checkMatrix(a, 'matmul: a');
    checkMatrix(b, 'matmul: b');
    const be = this.active;
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
    return runLinalg(this.active, name as LinalgName, args);
  }

  /** A clustering method by name (kmeans, kss, ssc, ensc, lsr, spectral, mcr2) on the rows of a plain matrix. */
  async cluster(name: string, x: Matrix, k: number, o?: Record<string, unknown>): Promise<ClusterOutput> {
    if (!(CLUSTER_METHODS as readonly string[]).includes(name)) throw new Error(`unknown clustering method “${String(name).slice(0, 40)}”; use one of ${CLUSTER_METHODS.join(', ')}`);
    return runCluster(this.active, name as ClusterMethod, x, k, o);
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
    const active = this.active;
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
