// Run, pause, resume, step and cancel, with a progress bar, time left, and the outcome in words.
import { useShallow } from 'zustand/react/shallow';
import { useLab, useRunner } from '../../store/hooks';

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function RunControls({ stale }: { stale: boolean }) {
  const runner = useRunner();
  const { status, message, last, elapsedMs } = useLab(
    useShallow((s) => ({ status: s.run.status, message: s.run.message, last: s.run.history.at(-1), elapsedMs: s.run.elapsedMs })),
  );
  const ready = useLab((s) => s.engine.status === 'ready');
  const warming = useLab(useShallow((s) => (s.warmup?.state === 'warming' && s.warmup.pageId === s.page.id ? { done: s.warmup.done, total: s.warmup.total } : null)));
  const fraction = last && last.total > 0 ? Math.min(1, last.step / last.total) : 0;
  const active = status === 'running' || status === 'paused';
  const eta = last && last.step > 0 && status === 'running' ? (elapsedMs / last.step) * (last.total - last.step) : NaN;

  return (
    <div className="run-controls" data-testid="run-controls" data-status={status}>
      <div className="buttons">
        <button type="button" onClick={() => void runner.start()} disabled={!ready} data-testid="run">
          {active ? 'Restart' : 'Run'}
        </button>
        {status === 'running' && (
          <button type="button" onClick={() => runner.pause()} data-testid="pause">
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button type="button" onClick={() => runner.resume()} data-testid="resume">
            Resume
          </button>
        )}
        <button
          type="button"
          onClick={() => (active ? runner.step() : void runner.start({ step: true }))}
          disabled={!ready || status === 'running'}
          data-testid="step"
          title="Run one step, then pause"
        >
          Step
        </button>
        {active && (
          <button type="button" className="secondary" onClick={() => runner.cancel()} data-testid="cancel">
            Cancel
          </button>
        )}
      </div>
      <div className="progress-row">
        <progress max={1} value={fraction} aria-label="Run progress" />
        <span className="progress-text" role="status" data-testid="run-status">
          {status === 'idle' && (stale ? 'Press Run to compute.' : 'Ready.')}
          {status === 'idle' && warming && (
            <span className="warmup-status" data-testid="warmup-status" title="Compiling this page's GPU kernels ahead of the first run; pressing Run now is fine.">
              {` Preparing kernels… ${warming.done}/${warming.total}`}
            </span>
          )}
          {status === 'running' && `Step ${last?.step ?? 0} of ${last?.total ?? '…'} · ${formatDuration(elapsedMs)} elapsed${Number.isFinite(eta) ? ` · about ${formatDuration(eta)} left` : ''}`}
          {status === 'paused' && `Paused at step ${last?.step ?? 0} of ${last?.total ?? '…'}.`}
          {status === 'done' && `Done in ${formatDuration(elapsedMs)}.${stale ? ' Settings changed since: press Run to update.' : ''}`}
          {status === 'cancelled' && 'Cancelled; the plots show what was computed.'}
        </span>
      </div>
      {(status === 'diverged' || status === 'failed') && (
        <p role="alert" className="banner banner-error" data-testid="run-error">
          {status === 'diverged' ? message : `The run failed: ${message}`}
        </p>
      )}
    </div>
  );
}
