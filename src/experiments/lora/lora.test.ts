// The lora page's checks on the float64 backend: LoRA-SB's init is the best rank-r update, SVFit starts at W₀, ∂L/∂σ̃ by differences.
import { describe, expect, it } from 'vitest';
import { runExperimentForTest } from '../framework/runForTest';

const QUICK_SMALL = { hidden: 16, pretrainSteps: 10, trainPerClass: 10, steps: 5 };

describe('lora experiment', () => {
  it('quick preset: init checks hold, every method runs, parameters are counted', async () => {
    const t0 = performance.now();
    const { outcome, history, meta, config, leaked } = await runExperimentForTest('lora', 'quick');
    console.log(`lora quick preset (cpu backend): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(outcome.status, outcome.message ?? '').toBe('done');
    expect(leaked).toBe(0);
    const m = outcome.final!;
    expect(m.lorasb_init_gap as number).toBeLessThan(1e-12);
    expect(m.svfit_start_gap as number).toBeLessThan(1e-12);
    expect(m.svfit_grad_error as number).toBeLessThan(1e-6);
    // the 5–9 head (10×32 + 10 = 330) trains for every method
    expect(m['lora-sb_params']).toEqual([331, 334, 346, 394]);
    expect(m['lora-xs_params']).toEqual([331, 334, 346, 394]);
    expect(m.svfit_params).toEqual([331, 332, 334, 338]);
    expect(m.lora_params).toEqual([426, 522, 714, 1098]);
    // the quick CNN has c = 4 and only K₂ trains: FLoRA r = 2 is a 2·2·2·2 core and factors 4·2 + 3·2 + 3·2 + 4·2
    expect(m.conv_ranks).toEqual([1, 2, 4]);
    expect(m.conv_full_params).toBe(4 * 36);
    expect((m.flora_params as number[])[1]).toBe(16 + 28);
    expect((m['conv-lora_params'] as number[])[1]).toBe(2 * (4 + 36));
    // the shift breaks the pretrained CNN; adapting K₂ alone repairs much of it
    expect(m.conv_zero_shot_accuracy as number).toBeLessThan(0.4);
    expect(m.full_accuracy as number).toBeGreaterThan(0.6);
    expect(m.conv_full_accuracy as number).toBeGreaterThan((m.conv_zero_shot_accuracy as number) + 0.2);
    for (const key of ['lora', 'lora-xs', 'lora-sb', 'svfit', 'flora', 'conv-lora']) {
      for (const a of m[`${key}_accuracy`] as number[]) expect(a, key).toBeGreaterThan(key === 'flora' || key === 'conv-lora' ? 0.05 : 0.2);
      for (const c of m[`${key}_cos`] as number[]) expect(Math.abs(c), key).toBeLessThanOrEqual(1 + 1e-12);
    }
    const plots = meta.plots(history, config as never);
    expect(plots.map((p) => p.id)).toEqual(['accuracy-vs-params', 'cos-full', 'conv-accuracy-vs-params']);
  }, 120_000);

  it('a rank no conv kernel can take is a clear error, not an empty plot', async () => {
    const { outcome } = await runExperimentForTest('lora', { ...QUICK_SMALL, convChannels: 2, ranks: ['4', '8'] });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/rank at most the conv channels 2/);
  });
});
