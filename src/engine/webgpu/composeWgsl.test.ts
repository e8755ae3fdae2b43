// composeWgsl puts the named snippets before a kernel body and refuses any mismatch; flatLaunch sizes flat grids.
import { describe, expect, it } from 'vitest';
import { composeWgsl, snippetName, snippetsNamedBy } from './composeWgsl';
import { flatLaunch } from './flatDispatch';
import { generatedMatmulSources, registerMatmulWgsl } from './matmulRegisterWgsl';
import { composedKernelFile } from '../../testing/wgslSources';

const snippetA = '// Snippet alpha: a.\nfn alpha() -> u32 { return 1u; }\n';
const snippetB = '// Snippet beta: b.\nfn beta() -> u32 { return 2u; }\n';
const body = '// A kernel.\n// Snippets: alpha, beta.\nfn main() {}\n';

describe('composeWgsl', () => {
  it('reads snippet names and the names a kernel asks for from the opening comment only', () => {
    expect(snippetName(snippetA)).toBe('alpha');
    expect(snippetName(body)).toBeNull();
    expect(snippetsNamedBy(body)).toEqual(['alpha', 'beta']);
    expect(snippetsNamedBy('// A kernel.\nfn f() {}\n// Snippets: alpha.\n')).toEqual([]);
  });
  it('puts the snippets first, in order, then the body', () => {
    expect(composeWgsl(snippetA, snippetB, body)).toBe(`${snippetA}\n${snippetB}\n${body}`);
  });
  it('throws when the snippets given differ from the ones named: missing, extra, out of order, not a snippet', () => {
    expect(() => composeWgsl(snippetA, body)).toThrow(/names snippets \[alpha, beta\] but was given \[alpha\]/);
    expect(() => composeWgsl(snippetB, snippetA, body)).toThrow(/given \[beta, alpha\]/);
    expect(() => composeWgsl(snippetA, snippetB, '// No snippets.\nfn main() {}\n')).toThrow(/names snippets \[\]/);
    expect(() => composeWgsl('fn x() {}', snippetB, body)).toThrow(/not a snippet/);
  });
  it('resolves a kernel file with the snippet files it names', () => {
    const code = composedKernelFile('shaders/common/elementwise.wgsl');
    expect(code.indexOf('fn flatIndex(')).toBeGreaterThanOrEqual(0);
    expect(code.indexOf('fn flatIndex(')).toBeLessThan(code.indexOf('fn applyOp('));
  });
});

describe('flatLaunch', () => {
  it('one item per invocation: ⌈total / WG_SIZE⌉ workgroups, WG_SIZE passed as an override', () => {
    expect(flatLaunch({ name: 'k', code: 'c' }, 1, 65535)).toEqual({ pipeline: { name: 'k', code: 'c', constants: { WG_SIZE: 256 } }, groups: [1, 1, 1] });
    expect(flatLaunch({ name: 'k', code: 'c', workgroupSize: 64, constants: { OP: 3 } }, 129, 65535))
      .toEqual({ pipeline: { name: 'k', code: 'c', constants: { OP: 3, WG_SIZE: 64 } }, groups: [3, 1, 1] });
  });
  it('one item per workgroup, and grids over the per-dimension limit fold into y', () => {
    expect(flatLaunch({ name: 'k', code: 'c', perWorkgroup: true }, 70_000, 65535).groups).toEqual([65535, 2, 1]);
    const { groups } = flatLaunch({ name: 'k', code: 'c' }, 256 * 100 + 1, 10, 3);
    expect(groups).toEqual([10, 11, 3]);
    expect(groups[0] * groups[1] * 256).toBeGreaterThanOrEqual(256 * 100 + 1);
  });
  it('refuses an empty or fractional count', () => {
    expect(() => flatLaunch({ name: 'k', code: 'c' }, 0, 65535)).toThrow(/0 items/);
    expect(() => flatLaunch({ name: 'k', code: 'c' }, 2.5, 65535)).toThrow(/2.5 items/);
  });
});

describe('registerMatmulWgsl', () => {
  it('unrolls the tile: one load per row of A, one vec4 accumulator per 4 columns of each row', () => {
    const code = registerMatmulWgsl({ rows: 3, cols: 8 });
    expect(code.match(/let a\d+ = a\[pa\d+\];/g)).toHaveLength(3);
    expect(code.match(/var acc\d+_\d = vec4<f32>\(0\.0\);/g)).toHaveLength(6);
    expect(code.match(/storeRow\(baseC, /g)).toHaveLength(6);
    expect(code).toContain('let col0 = gid.x * 8u;');
  });
  it('refuses tiles it cannot hold in vec4 registers', () => {
    expect(() => registerMatmulWgsl({ rows: 4, cols: 6 })).toThrow(/4×6 tile/);
    expect(() => registerMatmulWgsl({ rows: 0, cols: 4 })).toThrow(/0×4 tile/);
  });
  it('generates the two kernels the planner uses, each with its own tile', () => {
    const [regblock, skinny] = generatedMatmulSources();
    expect(regblock.code).toContain('computes a 8×8 block');
    expect(skinny.code).toContain('computes a 16×4 block');
  });
});
