// The self-test covers every WGSL file, its cpu identities hold in float64, and they fail when the numbers are wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ElementwiseOp, MatmulOptions, Tensor } from './backend';
import { CpuBackend } from './cpu/cpuBackend';
import { Rng } from '../data/rng';
import { identityCases, kernelCases, runSelfTest, selfTestedFiles, type SelfTestRow } from './selfTest';
import { scaledMaxError } from './selfTestCases/types';
import { snippetName, snippetsNamedBy } from './webgpu/composeWgsl';
import { generatedMatmulSources } from './webgpu/matmulRegisterWgsl';
import { kernelWgslFiles, REPO_ROOT, snippetPath, snippetWgslFiles } from '../testing/wgslSources';
import { SHADER_FILES } from '../ui/KernelFilesTable';

const underShaders = (path: string) => path.slice('shaders/'.length);

/**
 * Every kernel the self-test must cover, as rows name them: each .wgsl kernel file relative to shaders/ (snippet files are
 * not kernels: they are checked inside the kernels that name them), and each generated kernel by its id; sorted.
 */
function wgslFiles(): string[] {
  return [...kernelWgslFiles().map(underShaders), ...generatedMatmulSources().map((g) => g.id)].sort();
}

describe('self-test coverage', () => {
  it('every WGSL kernel file under shaders/ and every generated kernel has a webgpu row, and every row names one that exists', () => {
    const files = wgslFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(selfTestedFiles()).toEqual(files);
  });

  it('the Diagnostics page lists exactly these kernels (its generated names included)', () => {
    expect(SHADER_FILES).toEqual(wgslFiles());
  });

  it('every snippet is named by a kernel file that has a webgpu row, and names itself after its file', () => {
    const rowed = new Set(selfTestedFiles());
    const snippets = snippetWgslFiles();
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    for (const path of snippets) {
      const name = snippetName(readFileSync(join(REPO_ROOT, path), 'utf8'));
      expect(name, `${path} opens with "// Snippet <name>:"`).not.toBeNull();
      expect(snippetPath(name!)).toBe(path);
      const users = kernelWgslFiles().filter((k) => snippetsNamedBy(readFileSync(join(REPO_ROOT, k), 'utf8')).includes(name!));
      expect(users.filter((k) => rowed.has(underShaders(k))), `kernels with a row that use ${name}`).not.toEqual([]);
    }
  });

  it('every family has a cpu identity, and identities name only existing files', () => {
    const files = new Set(wgslFiles());
    const named = identityCases().flatMap((c) => c.files);
    for (const f of named) expect(files.has(f), f).toBe(true);
    expect(new Set(named.map((f) => f.split('/')[0]))).toEqual(new Set(['common', 'linalg', 'cluster', 'learn']));
    expect(new Set(named).size).toBe(files.size);
  });

  it('every kernel case runs on the cpu backend, frees what it makes and reproduces from its seed', async () => {
    const be = new CpuBackend();
    for (const c of kernelCases()) {
      const read = async () => Promise.all((await c.run(be, new Rng(7))).map(async (t) => {
        const v = await be.read(t);
        be.dispose(t);
        return v;
      }));
      const [a, b] = [await read(), await read()];
      expect(a.length, c.kernel).toBeGreaterThan(0);
      expect(a, c.kernel).toEqual(b);
      for (const v of a) expect(v.every(Number.isFinite), `${c.kernel}: finite`).toBe(true);
      expect(be.liveTensors(), `${c.kernel} leaked`).toBe(0);
    }
  });
});

describe('the webgpu rows\' error measure', () => {
  it('scaledMaxError: relative to max(1, max|ref|); NaN and a length mismatch are infinitely wrong', () => {
    expect(scaledMaxError([1, 2], [1, 2])).toBe(0);
    expect(scaledMaxError([0.5, 0], [0.5, 1e-3])).toBeCloseTo(1e-3, 15);
    expect(scaledMaxError([10, 0], [10.01, 0])).toBeCloseTo(0.01 / 10.01, 12);
    expect(scaledMaxError([NaN], [1])).toBe(Infinity);
    expect(scaledMaxError([1], [1, 2])).toBe(Infinity);
  });
});

describe('self-test on the cpu backend', () => {
  it('every identity holds in float64, with a finite residual below its tolerance', async () => {
    const be = new CpuBackend();
    const rows = await runSelfTest(be);
    expect(rows.length).toBe(identityCases().length);
    for (const r of rows) {
      expect(r.error, `${r.kernel}: ${r.error}`).toBeUndefined();
      expect(Number.isFinite(r.maxError), r.kernel).toBe(true);
      expect(r.maxError, `${r.kernel}: ${r.check}`).toBeLessThanOrEqual(r.tolerance);
      expect(r.ok).toBe(true);
      expect(r.backend).toBe('cpu');
    }
    expect(be.liveTensors()).toBe(0);
  });

  /** The names of the rows that fail on `be`. */
  const failing = async (be: CpuBackend) => new Set((await runSelfTest(be)).filter((r: SelfTestRow) => !r.ok).map((r) => r.kernel));

  it('a matmul that is wrong by one part in 10⁹ fails every identity built on products', async () => {
    class SlightlyWrongMatmul extends CpuBackend {
      override matmul(a: Tensor, b: Tensor, o?: MatmulOptions): Tensor {
        const c = super.matmul(a, b, o);
        const v = this.view(c);
        for (let i = 0; i < v.length; i += 3) v[i] *= 1 + 1e-9;
        return c;
      }
    }
    const failed = await failing(new SlightlyWrongMatmul());
    for (const k of ['matmul', 'QR', 'SVD', 'eigh', 'Cholesky', 'solve']) expect(failed.has(k), `${k} should fail`).toBe(true);
  });

  it('a wrong tanh or exp fails the elementwise and activation rows', async () => {
    class WrongTanh extends CpuBackend {
      override elementwise(op: ElementwiseOp, a: Tensor, b?: Tensor | null, alpha?: number, beta?: number): Tensor {
        const c = super.elementwise(op, a, b, alpha, beta);
        const v = this.view(c);
        if (op === 'tanh' || op === 'exp') for (let i = 0; i < v.length; i += 5) v[i] *= 1 + 1e-6;
        return c;
      }
    }
    const failed = await failing(new WrongTanh());
    for (const k of ['elementwise', 'activation backward']) expect(failed.has(k), `${k} should fail`).toBe(true);
  });
});
