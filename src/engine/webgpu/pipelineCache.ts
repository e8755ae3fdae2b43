// Compiles each (shader, entry point, override constants) once, inside a validation error scope, after a workgroup-memory check.
import { checkWorkgroupStorage } from './deviceLimits';

export type PipelineKey = { name: string; code: string; entryPoint?: string; constants?: Record<string, number> };

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice, private readonly onError: (message: string) => void) {}

  get(k: PipelineKey): GPUComputePipeline {
    const constants = k.constants ?? {};
    const key = `${k.name}|${k.entryPoint ?? 'main'}|${Object.entries(constants).map(([n, v]) => `${n}=${v}`).join(',')}`;
    const hit = this.pipelines.get(key);
    if (hit) return hit;
    checkWorkgroupStorage(k.code, constants, `the ${k.name} kernel's workgroup memory`, this.device.limits);
    this.device.pushErrorScope('validation');
    let module = this.modules.get(k.name);
    if (!module) {
      module = this.device.createShaderModule({ label: k.name, code: k.code });
      this.modules.set(k.name, module);
    }
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: 'auto',
      compute: { module, entryPoint: k.entryPoint ?? 'main', constants },
    });
    void this.device.popErrorScope().then((err) => {
      if (err) this.onError(`pipeline ${key} failed to compile: ${err.message}`);
    });
    this.pipelines.set(key, pipeline);
    return pipeline;
  }

  size(): number {
    return this.pipelines.size;
  }
}
