// Reads the structs bound as `var<uniform>` out of WGSL source, with offsets and size by WGSL's alignment rules.

/** One member of a WGSL struct: its name, type text, byte offset, size and alignment. */
export type WgslMember = { name: string; type: string; offset: number; size: number; align: number };

/** A struct as WGSL lays it out: members in order, and the struct's size (rounded up to its alignment). */
export type WgslStruct = { name: string; members: WgslMember[]; size: number; align: number };

/** Size and alignment of the host-shareable types uniform blocks here may hold (WGSL §"Alignment and Size"). */
const SCALARS: Record<string, { size: number; align: number }> = {
  u32: { size: 4, align: 4 }, i32: { size: 4, align: 4 }, f32: { size: 4, align: 4 },
  'vec2<u32>': { size: 8, align: 8 }, 'vec2<i32>': { size: 8, align: 8 }, 'vec2<f32>': { size: 8, align: 8 },
  'vec3<u32>': { size: 12, align: 16 }, 'vec3<i32>': { size: 12, align: 16 }, 'vec3<f32>': { size: 12, align: 16 },
  'vec4<u32>': { size: 16, align: 16 }, 'vec4<i32>': { size: 16, align: 16 }, 'vec4<f32>': { size: 16, align: 16 },
  vec2u: { size: 8, align: 8 }, vec2i: { size: 8, align: 8 }, vec2f: { size: 8, align: 8 },
  vec3u: { size: 12, align: 16 }, vec3i: { size: 12, align: 16 }, vec3f: { size: 12, align: 16 },
  vec4u: { size: 16, align: 16 }, vec4i: { size: 16, align: 16 }, vec4f: { size: 16, align: 16 },
};

const roundUp = (k: number, n: number) => Math.ceil(n / k) * k;

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Every `struct` in `code`, laid out; throws on a member type this reader does not know (arrays, nested structs). */
export function parseWgslStructs(code: string): Map<string, WgslStruct> {
  const out = new Map<string, WgslStruct>();
  for (const m of stripComments(code).matchAll(/struct\s+(\w+)\s*\{([^}]*)\}/g)) {
    const [, name, body] = m;
    let end = 0;
    let structAlign = 1;
    const members: WgslMember[] = [];
    // commas inside <…> (array<u32, 4>) do not end a member
    for (const decl of body.split(/,(?![^<]*>)/).map((d) => d.trim()).filter(Boolean)) {
      const dm = /^(?:@\w+(?:\([^)]*\))?\s*)*(\w+)\s*:\s*(.+)$/.exec(decl);
      if (!dm) throw new Error(`struct ${name}: cannot read member "${decl}"`);
      const type = dm[2].replace(/\s+/g, '');
      const t = SCALARS[type];
      if (!t) throw new Error(`struct ${name}: member ${dm[1]} has type ${type}, which this reader does not lay out`);
      const offset = roundUp(t.align, end);
      members.push({ name: dm[1], type, offset, size: t.size, align: t.align });
      end = offset + t.size;
      structAlign = Math.max(structAlign, t.align);
    }
    out.set(name, { name, members, size: roundUp(structAlign, end), align: structAlign });
  }
  return out;
}

/** The struct type names bound with `var<uniform>` in `code`. */
export function uniformStructNames(code: string): string[] {
  return [...stripComments(code).matchAll(/var<uniform>\s+\w+\s*:\s*(\w+)\s*;/g)].map((m) => m[1]);
}
