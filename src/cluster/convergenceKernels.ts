// Device-side convergence of Lloyd-type loops (shaders/cluster/lloyd_convergence.wgsl) and their float64 twins.
import { assertNever, type Backend, type Tensor } from '../engine/backend';
import { uniformLayout } from '../engine/webgpu/uniformLayout';
import { composeWgsl } from '../engine/webgpu/composeWgsl';
import flatIndexWgsl from '../../shaders/common/snippets/flat_index.wgsl?raw';
import lloydConvergenceBody from '../../shaders/cluster/lloyd_convergence.wgsl?raw';

const lloydConvergenceWgsl = composeWgsl(flatIndexWgsl, lloydConvergenceBody);

const SHADER = ['shaders/cluster/lloyd_convergence.wgsl'];
const RECORD_PARAMS = uniformLayout({ struct: 'RecordParams', shaders: SHADER }, { restarts: 'u32', slots: 'u32', iteration: 'u32', threshold: 'f32' });
const HOLD_PARAMS = uniformLayout({ struct: 'HoldParams', shaders: SHADER }, { total: 'u32' });
const CHANGED_PARAMS = uniformLayout({ struct: 'ChangedParams', shaders: SHADER }, { total: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32' });

/**
 * A fresh convergence state for `restarts` runs read every `slots` iterations, all zeros (not done):
 * [done, iterations recorded, history (slots, restarts)].
 * @returns (1, 1, 2 + slots·restarts)
 */
export function convergenceState(be: Backend, restarts: number, slots: number): Tensor {
  return be.fill({ rows: 1, cols: 2 + slots * restarts }, 0);
}

/** What a read of the state says: whether every run converged, after how many iterations, and the recorded history. */
export type ConvergenceReading = { done: boolean; iterations: number; history: Float64Array };

/** Reads `state` (one readback) for `restarts` runs; `history` holds slots·restarts values, slot = iteration mod slots. */
export async function readConvergence(be: Backend, state: Tensor): Promise<ConvergenceReading> {
  const s = await be.read(state);
  return { done: s[0] !== 0, iterations: s[1], history: s.subarray(2) };
}

/** The largest f32 ≤ x, so that an f32 v satisfies v ≤ it exactly when v ≤ x in float64. */
export function f32AtMost(x: number): number {
  const f = Math.fround(x);
  if (f <= x) return f;
  const bits = new Float32Array([f]);
  const view = new Int32Array(bits.buffer);
  view[0] += f > 0 ? -1 : 1; // one ulp toward −∞
  return bits[0];
}

/**
 * Records iteration `iteration` unless the state is already done: value[r] goes to the history slot of this
 * iteration, the count becomes iteration + 1, and the state is done once every shift[r] ≤ threshold.
 * @param state from convergenceState @param shift (restarts, 1, 1) @param value (restarts, 1, 1)
 */
export function recordConvergence(be: Backend, state: Tensor, shift: Tensor, value: Tensor, iteration: number, threshold: number): void {
  const restarts = shift.batch * shift.rows * shift.cols;
  const slots = (state.cols - 2) / restarts;
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`recordConvergence: a state of ${state.cols} entries does not fit ${restarts} runs`);
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const s = cpu.view(state), sh = cpu.view(shift), v = cpu.view(value);
      if (s[0] !== 0) return;
      const base = 2 + (iteration % slots) * restarts;
      let all = true;
      for (let r = 0; r < restarts; r++) {
        s[base + r] = v[r];
        all = all && sh[r] <= threshold;
      }
      s[1] = iteration + 1;
      if (all) s[0] = 1;
      return;
    }
    case 'webgpu': {
      const gpu = be;
      const pipeline = gpu.pipelines.get({ name: 'lloyd_convergence', code: lloydConvergenceWgsl, entryPoint: 'record_convergence' });
      gpu.dispatch(pipeline, [gpu.buffer(state), gpu.buffer(shift), gpu.buffer(value)], RECORD_PARAMS.of({
        restarts, slots, iteration, threshold: f32AtMost(threshold),
      }), [1]);
      return;
    }
    default:
      return assertNever(be);
  }
}

/** Once `state` is done, overwrites `next` with `previous` (same shape), so iterations past convergence change nothing. */
export function holdWhenDone(be: Backend, state: Tensor, previous: Tensor, next: Tensor): void {
  const total = next.batch * next.rows * next.cols;
  if (total !== previous.batch * previous.rows * previous.cols) throw new RangeError('holdWhenDone: previous and next differ in size');
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      if (cpu.view(state)[0] !== 0) cpu.view(next).set(cpu.view(previous));
      return;
    }
    case 'webgpu': {
      const gpu = be;
      if (total === 0) return;
      const kernel = { name: 'lloyd_convergence', code: lloydConvergenceWgsl, entryPoint: 'hold_when_done' };
      gpu.dispatchFlat(kernel, [gpu.buffer(state), gpu.buffer(previous), gpu.buffer(next)], HOLD_PARAMS.of({ total }), total);
      return;
    }
    default:
      return assertNever(be);
  }
}

/**
 * How many labels differ from `last` (same shape), and then last = labels, on the device.
 * @returns (1, 1, 1): the count, exact
 */
export function countChanged(be: Backend, labels: Tensor, last: Tensor): Tensor {
  const total = labels.batch * labels.rows * labels.cols;
  if (total !== last.batch * last.rows * last.cols) throw new RangeError('countChanged: labels and last differ in size');
  switch (be.kind) {
    case 'cpu': {
      const cpu = be;
      const l = cpu.view(labels), p = cpu.view(last);
      let moved = 0;
      for (let i = 0; i < total; i++) if (l[i] !== p[i]) moved++;
      p.set(l);
      return cpu.upload([moved], { rows: 1, cols: 1 });
    }
    case 'webgpu': {
      const gpu = be;
      const changed = gpu.empty({ rows: 1, cols: 1 });
      const pipeline = gpu.pipelines.get({ name: 'lloyd_convergence', code: lloydConvergenceWgsl, entryPoint: 'count_changed' });
      gpu.dispatch(pipeline, [gpu.buffer(labels), gpu.buffer(last), gpu.buffer(changed)], CHANGED_PARAMS.of({ total }), [1]);
      return changed;
    }
    default:
      return assertNever(be);
  }
}
