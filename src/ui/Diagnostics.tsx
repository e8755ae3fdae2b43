// Diagnostics: the backend (with a switch), the adapter, live tensors and the GPU buffer pool (polled), limits, and a kernel self-test on both backends.
import { useShallow } from 'zustand/react/shallow';
import { useContext, useEffect } from 'react';
import { LabStoreContext, useLab, useLabApi } from '../store/hooks';
import { SelfTestTable } from './SelfTestTable';
import { KernelFilesTable, SHADER_FILES } from './KernelFilesTable';
import { BACKEND_CHOICES, switchBackend } from './backendSwitch';

/** How often the live-tensor count refreshes while this page is open. */
const LIVE_TENSOR_POLL_MS = 2000;

export function Diagnostics() {
  const engine = useLab(useShallow((s) => s.engine));
  const selfTest = useLab(useShallow((s) => s.selfTest));
  const live = useLab((s) => s.liveTensors);
  const pool = useLab((s) => s.gpuPool);
  const store = useContext(LabStoreContext)!;
  const lab = useLabApi();
  const dev = engine.device;
  const ready = engine.status === 'ready';

  useEffect(() => {
    if (!ready) return;
    let alive = true;
    const poll = () =>
      lab.diagnostics.memory().then(
        (m) => {
          if (!alive) return;
          store.getState().setLiveTensors(m.liveTensors);
          store.getState().setGpuPool(m.pool);
        },
        () => {},
      );
    void poll();
    const timer = setInterval(poll, LIVE_TENSOR_POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [ready, lab, store]);

  async function runSelfTest() {
    const st = store.getState();
    st.selfTestStarted();
    try {
      await lab.diagnostics.selfTest();
      st.selfTestFinished();
    } catch (e) {
      st.selfTestFinished((e as Error).message);
    }
    st.setLiveTensors(await lab.diagnostics.liveTensors());
  }

  const failures = selfTest.rows.filter((r) => !r.ok).length;
  return (
    <section aria-labelledby="diag-title">
      <h1 id="diag-title">Diagnostics</h1>
      <h2>Backend</h2>
      <dl className="facts">
        <dt>In use</dt>
        <dd data-testid="diag-backend">{engine.backend ?? engine.status}</dd>
        <dt>
          <label htmlFor="diag-backend-switch">Switch</label>
        </dt>
        <dd>
          <select id="diag-backend-switch" value={engine.request} onChange={(e) => switchBackend(e.target.value as (typeof BACKEND_CHOICES)[number]['value'])} data-testid="diag-backend-switch">
            {BACKEND_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>{' '}
          <span className="param-help">reloads the page on the chosen backend</span>
        </dd>
        <dt>Why</dt>
        <dd>{engine.reason || '—'}</dd>
        <dt>WebGPU</dt>
        <dd data-testid="diag-webgpu">
          {dev ? `available: ${dev.vendor} ${dev.architecture}${dev.description ? ` (${dev.description})` : ''}${dev.fallback ? ', a software (fallback) adapter' : ''}` : `missing${engine.webgpuError ? `: ${engine.webgpuError}` : ''}`}
        </dd>
        <dt>Live tensors</dt>
        <dd data-testid="live-tensors" aria-live="off" title={`refreshed every ${LIVE_TENSOR_POLL_MS / 1000} s`}>
          {live ?? '—'}
        </dd>
        {pool && (
          <>
            <dt>GPU buffers</dt>
            <dd data-testid="gpu-pool" title="storage buffers the engine holds; idle ones are kept for reuse up to a cap">
              {pool.allocatedBuffers.toLocaleString('en')} buffers, {(pool.allocatedBytes / 2 ** 20).toFixed(1)} MiB; {pool.pooledBuffers.toLocaleString('en')} idle
              ({(pool.pooledBytes / 2 ** 20).toFixed(1)} MiB) in the pool
            </dd>
          </>
        )}
      </dl>
      {dev && (
        <>
          <h2>Limits</h2>
          <dl className="facts">
            {Object.entries(dev.limits).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v.toLocaleString('en')}</dd>
              </div>
            ))}
          </dl>
          <h2>Features</h2>
          <p className="features">{dev.features.join(', ') || 'none'}</p>
        </>
      )}
      <h2>Kernel self-test</h2>
      <p data-testid="self-test-claim">
        On the WebGPU backend (when available), runs each of the {SHADER_FILES.length} WGSL kernels (the kernel files under <code>shaders/</code> and the generated
        matmul variants) on small,
        awkward shapes (primes, 1-wide, batches) and compares the result with the float64 cpu backend on the same inputs. On the cpu
        backend, where a second cpu run would only agree with itself, it checks identities instead: (AB)C = A(BC), QᵀQ = I and QR = A,
        A = USVᵀ, AV = VΛ, LLᵀ = A, solve residuals, gradients against central differences, adjoints and inverses.
      </p>
      <button type="button" onClick={runSelfTest} disabled={selfTest.status === 'running' || engine.status !== 'ready'} data-testid="run-self-test">
        {selfTest.status === 'running' ? 'Running…' : 'Run self-test'}
      </button>
      {selfTest.status !== 'idle' && (
        <p role="status" data-testid="self-test-summary" data-status={selfTest.status} data-failures={failures}>
          {selfTest.status === 'running'
            ? `${selfTest.rows.length} checks run…`
            : selfTest.error
              ? `The self-test stopped: ${selfTest.error}`
              : failures === 0
                ? `All ${selfTest.rows.length} kernel checks passed.`
                : `${failures} of ${selfTest.rows.length} kernel checks failed.`}
        </p>
      )}
      {selfTest.rows.length > 0 && (
        <>
          <h3>Kernel files</h3>
          <KernelFilesTable rows={selfTest.rows} />
          <h3>Every check</h3>
          <SelfTestTable rows={selfTest.rows} />
        </>
      )}
    </section>
  );
}
