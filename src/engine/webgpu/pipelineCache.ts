// Compiles each (WGSL text, entry point, override constants) once, after a workgroup-memory check, inside a validation error scope; the name is a label.
import { checkWorkgroupStorage } from './deviceLimits';

/** A compute pipeline to build: `code` identifies the shader module, `name` only labels it (and its errors). */
export type PipelineKey = { name: string; code: string; entryPoint?: string; constants?: Record<string, number> };

type Entry = { pipeline: GPUComputePipeline; check: Promise<Error | null>; reported: boolean };

export class PipelineCache {
  /** Shader modules by WGSL text: generated code under a reused name still gets its own module. */
  private readonly modules = new Map<string, { id: number; module: GPUShaderModule }>();
  private readonly pipelines = new Map<string, Entry>();

  constructor(private readonly device: GPUDevice, private readonly onError: (message: string) => void) {}

  /** The pipeline for `k`; a compile failure arrives later, through `onError`, as `compileError` describes it. */
  get(k: PipelineKey): GPUComputePipeline {
    const entry = this.entry(k);
    if (!entry.reported) {
      entry.reported = true;
      void entry.check.then((err) => err && this.onError(err.message));
    }
    return entry.pipeline;
  }

  /** The pipeline for `k` once compiled; rejects with the compile error (kernel name, line:column, source line). */
  async getChecked(k: PipelineKey): Promise<GPUComputePipeline> {
    const entry = this.entry(k);
    const err = await entry.check;
    if (err) throw err;
    return entry.pipeline;
  }

  /** Pipelines built so far. */
  size(): number {
    return this.pipelines.size;
  }

  /** Distinct shader modules (WGSL texts) compiled so far. */
  moduleCount(): number {
    return this.modules.size;
  }

  private entry(k: PipelineKey): Entry {
    let mod = this.modules.get(k.code);
    const entryPoint = k.entryPoint ?? 'main';
    const constants = k.constants ?? {};
    // sorted, so the same constants in another order are the same pipeline
    const constantsKey = Object.keys(constants).sort().map((n) => `${n}=${constants[n]}`).join(',');
    const hit = mod && this.pipelines.get(`${mod.id}|${entryPoint}|${constantsKey}`);
    if (hit) return hit;
    checkWorkgroupStorage(k.code, constants, `the ${k.name} kernel's workgroup memory`, this.device.limits);
    this.device.pushErrorScope('validation');
    if (!mod) {
      mod = { id: this.modules.size, module: this.device.createShaderModule({ label: k.name, code: k.code }) };
      this.modules.set(k.code, mod);
    }
    const label = `${k.name}|${entryPoint}|${constantsKey}`;
    const pipeline = this.device.createComputePipeline({ label, layout: 'auto', compute: { module: mod.module, entryPoint, constants } });
    const module = mod.module;
    const check = this.device.popErrorScope().then((err) => (err ? compileError(k, module, err) : null));
    const entry: Entry = { pipeline, check, reported: false };
    this.pipelines.set(`${mod.id}|${entryPoint}|${constantsKey}`, entry);
    return entry;
  }
}

/**
 * The error for a failed pipeline: each WGSL compile error as `line:column message` followed by the source line
 * and a caret; with no compile message (a missing entry point, a bad override) the validation message itself.
 */
export async function compileError(k: PipelineKey, module: GPUShaderModule, err: GPUError): Promise<Error> {
  const where = `kernel "${k.name}" (entry point ${k.entryPoint ?? 'main'})`;
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (!errors.length) return new Error(`${where} failed to build: ${err.message}`);
  const lines = k.code.split('\n');
  const described = errors.map((m) => {
    const source = lines[m.lineNum - 1] ?? '';
    const gutter = `    ${m.lineNum} | `;
    return `  ${m.lineNum}:${m.linePos} ${m.message}\n${gutter}${source}\n${' '.repeat(gutter.length + Math.max(0, m.linePos - 1))}^`;
  });
  return new Error(`WGSL ${where} failed to compile:\n${described.join('\n')}`);
}
