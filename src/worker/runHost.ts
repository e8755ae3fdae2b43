// Runs experiment generators in the worker: pause, resume, single steps, cancel, divergence checks.
import type { Backend } from '../engine/backend';
import type { ByteSource } from '../data/datasets';
import { Rng } from '../data/rng';
import type { ExperimentRun, Metrics, Progress, RunContext } from '../experiments/framework/types';
import { WebGpuBackend } from '../engine/webgpu/webgpuBackend';

export type RunAction = 'pause' | 'resume' | 'step' | 'cancel';

/** How a run begins: straight through, paused before its first step, or one step then paused. */
export type RunStart = 'run' | 'paused' | 'step';

export type RunOutcome = {
  status: 'done' | 'cancelled' | 'diverged' | 'failed';
  /** Why the run stopped, for anything but 'done'. */
  message: string | null;
  /** The metrics of the last yield. */
  final: Metrics | null;
  steps: number;
};

/**
 * What a run started through the worker answers: its outcome without the final metrics (the caller has them, in the
 * last progress report), with the config it ran and what the request had that could not be used.
 */
export type RunReply = Omit<RunOutcome, 'final'> & { config: Record<string, unknown>; warnings: string[] };

type Control = { paused: boolean; stepsAllowed: number; wake: (() => void) | null; abort: AbortController };

/** The first non-finite number among the metrics, if any (named by metric and position). */
export function findNonFinite(metrics: Metrics, watched?: string[]): string | null {
  for (const [k, v] of Object.entries(metrics)) {
    if (watched && !watched.includes(k)) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `“${k}” became ${v}`;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'number' && !Number.isFinite(x)) return `“${k}”[${i}] became ${x}`;
        if (Array.isArray(x)) for (let j = 0; j < x.length; j++) if (typeof x[j] === 'number' && !Number.isFinite(x[j])) return `“${k}”[${i}][${j}] became ${x[j]}`;
      }
    }
  }
  return null;
}

export class RunHost {
  private readonly runs = new Map<string, Control>();

  /**
   * Runs `run(config)` to completion (or until cancelled/diverged), reporting every yield.
   * `start`: 'run' goes straight on; 'paused' waits before the first step; 'step' takes one step, then waits.
   */
  async start(
    runId: string,
    run: ExperimentRun,
    config: Record<string, unknown>,
    env: { backend: Backend; data: RunContext['data'] | ByteSource; userMatrix?: RunContext['userMatrix']; watched?: string[] },
    onProgress: (p: Progress) => void | Promise<void>,
    start: RunStart = 'run',
  ): Promise<RunOutcome> {
    if (this.runs.has(runId)) throw new Error(`run ${runId} is already running`);
    const control: Control = { paused: start !== 'run', stepsAllowed: start === 'step' ? 1 : 0, wake: null, abort: new AbortController() };
    this.runs.set(runId, control);
    const seed = typeof config.seed === 'number' ? config.seed : 1;
    const ctx: RunContext = { backend: env.backend, rng: new Rng(seed), signal: control.abort.signal, data: env.data, userMatrix: env.userMatrix };
    const liveBefore = env.backend.liveTensors();
    let final: Metrics | null = null;
    let steps = 0;
    let gen: AsyncGenerator<Progress, void, void> | null = null;
    try {
      gen = run(config as never, ctx);
      for (;;) {
        await this.gate(control);
        if (control.abort.signal.aborted) return { status: 'cancelled', message: 'Cancelled.', final, steps };
        const next = await gen.next();
        if (next.done) break;
        const p = next.value;
        steps++;
        const bad = findNonFinite(p.metrics, env.watched);
        final = p.metrics;
        // Awaiting the page's acknowledgement keeps progress ahead of the outcome (they travel on
        // different message ports) and keeps a fast run from flooding a slow page.
        await onProgress(p);
        if (bad) return { status: 'diverged', message: `The run diverged at step ${p.step}: ${bad}. It was stopped; its history is kept.`, final, steps };
      }
      return { status: 'done', message: null, final, steps };
    } catch (e) {
      if (control.abort.signal.aborted) return { status: 'cancelled', message: 'Cancelled.', final, steps };
      // On a lost device the first error to surface may be a secondary one from a run unwinding half-done work;
      // the cause the user needs to read is the loss.
      const lost = env.backend instanceof WebGpuBackend ? env.backend.lostError() : null;
      return { status: 'failed', message: (lost ?? (e as Error)).message ?? String(e), final, steps };
    } finally {
      this.runs.delete(runId);
      try {
        await gen?.return();
      } catch {
        // the generator's own cleanup failed; the outcome above already says what happened
      }
      const leaked = env.backend.liveTensors() - liveBefore;
      if (leaked > 0) console.warn(`run ${runId} left ${leaked} tensors alive`);
    }
  }

  control(runId: string, action: RunAction): boolean {
    const c = this.runs.get(runId);
    if (!c) return false;
    switch (action) {
      case 'pause':
        c.paused = true;
        break;
      case 'resume':
        c.paused = false;
        break;
      case 'step':
        c.paused = true;
        c.stepsAllowed++;
        break;
      case 'cancel':
        c.abort.abort();
        break;
      default: {
        const never: never = action;
        throw new Error(`unsupported run action ${String(never)}`);
      }
    }
    c.wake?.();
    return true;
  }

  active(): string[] {
    return [...this.runs.keys()];
  }

  private async gate(c: Control): Promise<void> {
    while (c.paused && !c.abort.signal.aborted) {
      if (c.stepsAllowed > 0) {
        c.stepsAllowed--;
        return;
      }
      await new Promise<void>((resolve) => (c.wake = resolve));
      c.wake = null;
    }
  }
}
