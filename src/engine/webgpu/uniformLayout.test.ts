// Every uniform struct of every kernel (shaders/ with snippets resolved, and the generated ones) against its TypeScript layout, and packing by field name, in Node.
import { describe, expect, it } from 'vitest';
import { parseWgslStructs, uniformStructNames } from '../../testing/wgslUniformStructs';
import { kernelSources } from '../../testing/wgslSources';
import { declaredUniformLayouts, packUniforms, uniformLayout } from './uniformLayout';

// The modules that declare layouts: every kernel planner, plus the backend's own kernels.
import.meta.glob(['/src/**/*Kernels.ts', '/src/learn/softmaxCrossEntropy.ts', '/src/engine/webgpu/webgpuBackend.ts'], { eager: true });

/** Kernel name (a path from the repository root, or a generated kernel's id) → its WGSL as compiled. */
const sources = new Map(kernelSources().map((s) => [s.id, s.code]));
const shaderFiles = [...sources.keys()];

/** shader path → struct name → the layouts declared for it. */
const layouts = declaredUniformLayouts().filter((l) => !l.source.shaders.some((s) => s.startsWith('test:')));
const declared = (shader: string, struct: string) =>
  layouts.filter((l) => l.source.struct === struct && l.source.shaders.includes(shader));

describe('uniform layouts match the WGSL structs', () => {
  it('finds the shaders, the generated kernels and the layouts', () => {
    expect(shaderFiles.length).toBeGreaterThan(25);
    expect(shaderFiles.filter((f) => f.endsWith('(generated)')).length).toBe(2);
    expect(layouts.length).toBeGreaterThan(30);
  });

  for (const shader of shaderFiles) {
    const code = sources.get(shader)!;
    const structs = parseWgslStructs(code);
    for (const struct of new Set(uniformStructNames(code))) {
      it(`${shader} ${struct}`, () => {
        const wgsl = structs.get(struct);
        expect(wgsl, `struct ${struct} is bound as a uniform but not declared`).toBeDefined();
        const found = declared(shader, struct);
        expect(found.length, `layouts declared for ${shader} ${struct}`).toBe(1);
        const [ts] = found;
        expect(ts.slots.map((s) => `${s.name}: ${s.type} @${s.offset}`)).toEqual(
          wgsl!.members.map((m) => `${m.name}: ${m.type} @${m.offset}`),
        );
        expect(ts.size, 'TS buffer size = WGSL struct size rounded up to 16').toBe(Math.ceil(wgsl!.size / 16) * 16);
      });
    }
  }

  it('every layout names a uniform struct of each of its shaders', () => {
    for (const l of layouts) {
      for (const shader of l.source.shaders) {
        expect(shaderFiles, `layout ${l.source.struct}`).toContain(shader);
        expect(uniformStructNames(sources.get(shader) ?? ''), shader).toContain(l.source.struct);
      }
    }
  });
});

describe('parseWgslStructs', () => {
  it('lays members out by WGSL alignment (vec3 aligns to 16, struct size rounds to its alignment)', () => {
    const s = parseWgslStructs(`struct P {\n  a: u32, // c\n  b: vec3<f32>,\n  c: f32,\n  d: vec2f,\n}`).get('P')!;
    expect(s.members.map((m) => [m.name, m.offset])).toEqual([['a', 0], ['b', 16], ['c', 28], ['d', 32]]);
    expect(s.size).toBe(48);
  });
  it('refuses types it cannot lay out', () => {
    expect(() => parseWgslStructs('struct Q { a: array<u32, 4>, }')).toThrow(/array<u32,4>/);
  });
  it('finds the struct types bound as uniforms, not storage', () => {
    expect(uniformStructNames('@group(0) @binding(1) var<storage, read> x: array<f32>;\n@group(0) @binding(2) var<uniform> p: Params;')).toEqual(['Params']);
  });
});

describe('packUniforms', () => {
  const L = uniformLayout({ struct: 'T', shaders: ['test:pack'] }, { rows: 'u32', shift: 'i32', _pad: 'u32', scale: 'f32', cols: 'u32' });

  it('writes each field at its offset by name, padding as zero, in a 16-byte multiple', () => {
    const data = packUniforms(L.of({ cols: 7, scale: 0.5, shift: -3, rows: 4_000_000_000 }));
    expect(data.byteLength).toBe(32);
    const v = new DataView(data);
    expect([v.getUint32(0, true), v.getInt32(4, true), v.getUint32(8, true), v.getFloat32(12, true), v.getUint32(16, true)])
      .toEqual([4_000_000_000, -3, 0, 0.5, 7]);
  });
  it('throws on a missing field, an unknown field, a negative or fractional u32, and NaN', () => {
    const ok = { rows: 1, shift: 0, scale: 1, cols: 1 };
    expect(() => packUniforms(L.of({ ...ok, cols: undefined as unknown as number }))).toThrow(/"cols" is missing/);
    expect(() => packUniforms(L.of({ ...ok, colls: 2 } as typeof ok))).toThrow(/unknown field "colls"/);
    expect(() => packUniforms(L.of({ ...ok, rows: -1 }))).toThrow(/u32 field "rows" = -1/);
    expect(() => packUniforms(L.of({ ...ok, rows: 2.5 }))).toThrow(/u32 field "rows" = 2.5/);
    expect(() => packUniforms(L.of({ ...ok, shift: 2 ** 31 }))).toThrow(/i32 field "shift"/);
    expect(() => packUniforms(L.of({ ...ok, scale: NaN }))).toThrow(/f32 field "scale" is NaN/);
  });
});
