// Named uniform blocks: each kernel's `var<uniform>` struct as a checked TypeScript layout, packed by field name.

/** A WGSL scalar a uniform field may hold (every field is 4 bytes, 4-byte aligned). */
export type UniformType = 'u32' | 'i32' | 'f32';

/** Field name → type, in the WGSL struct's declaration order; names starting with `_` are padding, written as 0. */
export type UniformFields = Record<string, UniformType>;

/** The values a call site supplies: every non-padding field by name. */
export type UniformValues<F extends UniformFields> = { [K in keyof F as K extends `_${string}` ? never : K]: number };

/**
 * Where a layout's struct is declared: the shader files (paths from the repository root) and the struct's name.
 * A `test:…` path marks a test-only kernel's inline WGSL, which the layout test leaves out.
 */
export type UniformSource = { struct: string; shaders: readonly string[] };

/** One field of a packed block: its byte offset and type. */
export type UniformSlot = { name: string; type: UniformType; offset: number };

/** A uniform struct's layout; `of` names the values for one dispatch. */
export type UniformLayout<F extends UniformFields = UniformFields> = {
  readonly source: UniformSource;
  readonly slots: readonly UniformSlot[];
  /** The field names, for the per-dispatch check against unknown fields. */
  readonly names: ReadonlySet<string>;
  /** Bytes of the uniform buffer: the fields rounded up to 16, as uniform buffers bind in 16-byte units. */
  readonly size: number;
  of(values: UniformValues<F>): Uniforms;
};

/** A layout with one dispatch's values, which `packUniforms` checks and writes. */
export type Uniforms = { layout: UniformLayout; values: Readonly<Record<string, number>> };

const registry: UniformLayout[] = [];

/**
 * Declares the TypeScript side of a WGSL uniform struct; `uniformLayouts.test.ts` compares it with the struct
 * in each of `source.shaders`. Fields are all 4-byte scalars, so offsets are 4·index.
 */
export function uniformLayout<const F extends UniformFields>(source: UniformSource, fields: F): UniformLayout<F> {
  const slots = Object.entries(fields).map(([name, type], i) => ({ name, type, offset: 4 * i }));
  const layout: UniformLayout<F> = {
    source,
    slots,
    names: new Set(slots.map((s) => s.name)),
    size: Math.max(16, Math.ceil((slots.length * 4) / 16) * 16),
    of: (values) => ({ layout: layout as UniformLayout, values: values as Record<string, number> }),
  };
  registry.push(layout as UniformLayout);
  return layout;
}

/** Every layout declared so far (by the modules imported), for the layout test. */
export function declaredUniformLayouts(): readonly UniformLayout[] {
  return registry;
}

const U32_MAX = 2 ** 32 - 1;

/**
 * Packs one dispatch's uniforms by field name. Throws on a missing or unknown field, a u32/i32 that is not an
 * integer in range, or an f32 that is NaN: a slip is an error here, never wrong numbers in a kernel.
 */
export function packUniforms({ layout, values }: Uniforms): ArrayBuffer {
  const data = new ArrayBuffer(layout.size);
  const view = new DataView(data);
  const where = `uniforms of ${layout.source.struct} (${layout.source.shaders.join(', ')})`;
  for (const name of Object.keys(values)) {
    if (!layout.names.has(name)) throw new TypeError(`${where}: unknown field "${name}"`);
  }
  for (const { name, type, offset } of layout.slots) {
    if (name.startsWith('_')) continue;
    const v = values[name];
    if (typeof v !== 'number') throw new TypeError(`${where}: field "${name}" is missing`);
    if (type === 'f32') {
      if (Number.isNaN(v)) throw new RangeError(`${where}: f32 field "${name}" is NaN`);
      view.setFloat32(offset, v, true);
    } else if (type === 'u32') {
      if (!Number.isInteger(v) || v < 0 || v > U32_MAX) throw new RangeError(`${where}: u32 field "${name}" = ${v} is not an integer in [0, 2³²)`);
      view.setUint32(offset, v, true);
    } else {
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new RangeError(`${where}: i32 field "${name}" = ${v} is not an integer in [−2³¹, 2³¹)`);
      view.setInt32(offset, v, true);
    }
  }
  return data;
}
