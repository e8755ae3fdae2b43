// A switch over backend kinds must handle every kind: the @ts-expect-error lines fail `tsc --noEmit` if a missing kind ever compiles.
import { describe, expect, it } from 'vitest';
import { assertNever, type AnyBackend } from './backend';
import { CpuBackend } from './cpu/cpuBackend';

function precisionOf(be: AnyBackend): string {
  switch (be.kind) {
    case 'cpu': return `cpu ${be.precision}`;
    case 'webgpu': return `webgpu ${be.precision}`;
    default: return assertNever(be);
  }
}

function forgetsWebgpu(be: AnyBackend): string {
  switch (be.kind) {
    case 'cpu': return 'cpu';
    // @ts-expect-error -- 'webgpu' is unhandled, so `be` is still a WebGpuBackend here, not never
    default: return assertNever(be);
  }
}

/** A stand-in third device: joining the union makes every existing two-case switch fail to compile. */
type WithThirdBackend = AnyBackend | { readonly kind: 'tpu' };

function forgetsThirdBackend(be: WithThirdBackend): string {
  switch (be.kind) {
    case 'cpu': return 'cpu';
    case 'webgpu': return 'webgpu';
    // @ts-expect-error -- the 'tpu' kind is unhandled
    default: return assertNever(be);
  }
}

describe('assertNever', () => {
  it('lets an exhaustive switch narrow each kind to its class', () => {
    expect(precisionOf(new CpuBackend())).toBe('cpu f64');
  });

  it('throws, naming the kind, when a value the types ruled out reaches it', () => {
    expect(() => forgetsThirdBackend({ kind: 'tpu' })).toThrow('unsupported backend: tpu');
    expect(forgetsWebgpu(new CpuBackend())).toBe('cpu');
  });
});
