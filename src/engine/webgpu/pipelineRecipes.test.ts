// Pipeline recipes name a pipeline by its shaders/ file or registered generator, and rebuild exactly the key they were taken from.
import { describe, expect, it } from 'vitest';
import { keyOfRecipe, recipeId, recipeOf, shaderFiles, wgslGenerator } from './pipelineRecipes';
import elementwiseWgsl from '../../../shaders/common/elementwise.wgsl?raw';
import reduceWgsl from '../../../shaders/common/reduce.wgsl?raw';

describe('pipeline recipes', () => {
  it('a shaders/ file is named by its repository path, with entry point and sorted constants, and rebuilds to the same text', () => {
    const r = recipeOf({ name: 'reduce', code: reduceWgsl, entryPoint: 'serial', constants: { OP: 2 } });
    expect(r).toEqual({ name: 'reduce', file: 'shaders/common/reduce.wgsl', entryPoint: 'serial', constants: { OP: 2 } });
    expect(keyOfRecipe(r!)).toEqual({ name: 'reduce', code: reduceWgsl, entryPoint: 'serial', constants: { OP: 2 } });
    // the default entry point and empty constants are left out, so equal pipelines have equal recipes
    expect(recipeOf({ name: 'e', code: elementwiseWgsl, entryPoint: 'main', constants: {} })).toEqual({ name: 'e', file: 'shaders/common/elementwise.wgsl' });
    expect(recipeId({ name: 'a', file: 'f.wgsl', constants: { B: 1, A: 2 } })).toBe(recipeId({ name: 'b', file: 'f.wgsl', constants: { A: 2, B: 1 } }));
    expect(recipeId({ name: 'a', file: 'f.wgsl', constants: { A: 1 } })).not.toBe(recipeId({ name: 'a', file: 'f.wgsl', constants: { A: 2 } }));
  });

  it('every shaders/ file is known, by the path the repository gives it', () => {
    const files = shaderFiles();
    expect(files).toContain('shaders/common/elementwise.wgsl');
    expect(files.every((f) => /^shaders\/[a-z]+(\/snippets)?\/[\w]+\.wgsl$/.test(f))).toBe(true);
  });

  it('WGSL from a registered generator is recorded with its params and regenerated from them', () => {
    const fill = wgslGenerator('test_fill', (p: { value: number; width: number }) => `// fill ${p.value}\n@compute @workgroup_size(${p.width}) fn main() {}`);
    const code = fill({ value: 3, width: 8 });
    const r = recipeOf({ name: 'fill', code, constants: { X: 1 } });
    expect(r).toEqual({ name: 'fill', generator: 'test_fill', params: { value: 3, width: 8 }, constants: { X: 1 } });
    expect(keyOfRecipe(JSON.parse(JSON.stringify(r)))).toEqual({ name: 'fill', code, entryPoint: undefined, constants: { X: 1 } });
    expect(() => wgslGenerator('test_fill', () => '')).toThrow(/already registered/);
  });

  it('WGSL that is neither a file nor generated has no recipe', () => {
    expect(recipeOf({ name: 'adhoc', code: '@compute @workgroup_size(1) fn main() {}' })).toBeNull();
  });

  it('a recipe the code no longer has is an Error that says what is gone, never a throw', () => {
    const gone = keyOfRecipe({ name: 'matmul_old', file: 'shaders/common/matmul_removed.wgsl' });
    expect(gone).toBeInstanceOf(Error);
    expect((gone as Error).message).toBe('pipeline recipe "matmul_old": shader file shaders/common/matmul_removed.wgsl no longer exists');
    expect((keyOfRecipe({ name: 'g', generator: 'no_such_generator', params: 1 }) as Error).message).toMatch(/no WGSL generator "no_such_generator"/);
    const refusing = wgslGenerator('test_refusing', (p: number) => {
      if (p > 1) throw new RangeError('too big');
      return `// ${p}`;
    });
    refusing(1);
    expect((keyOfRecipe({ name: 'r', generator: 'test_refusing', params: 5 }) as Error).message).toMatch(/refused 5: too big/);
  });
});
