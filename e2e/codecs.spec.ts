// The codecs page: the quick preset runs on WebGPU, its plots render, and the rate–distortion headline holds.
import { test, expect, engineReady } from './fixtures';

test('codecs quick preset on webgpu: plots appear, WaLLoC beats PCA, VQ reaches extreme rates, linear AE = PCA', async ({ page, pageErrors }) => {
  void pageErrors;
  test.setTimeout(240_000);
  await page.goto('/?backend=webgpu#/codecs?size=128&hidden=32&steps=150&lr=0.01&aeSteps=600&codebook=256&codes=16&vqSteps=80&clsSteps=300&seed=1&v=1');
  expect(await engineReady(page)).toBe('webgpu');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  console.log(`codecs quick preset on webgpu: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const id of ['rate-distortion', 'reconstructions', 'codebook-usage', 'compressed-learning', 'training']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await page.screenshot({ path: 'e2e/output/codecs.png', fullPage: true });
  const m = await page.evaluate(async () => {
    const r = await window.subspaceLab.experiments.run('codecs', 'quick');
    const n = (k: string) => r.metrics[k] as number;
    return {
      bpp_walloc: n('bpp_walloc'), psnr_walloc: n('psnr_walloc'), bpp_pca: n('bpp_pca'), psnr_pca: n('psnr_pca'), bpp_vq: n('bpp_vq'), psnr_vq: n('psnr_vq'),
      recon_pca_bpp: n('recon_pca_bpp'), recon_pca_psnr: n('recon_pca_psnr'), gap: n('linear_ae_gap'), haar: n('haar_roundtrip_error'), slack: n('rate_minus_entropy_min'), acc_latent: n('acc_latent'), acc_downsampled: n('acc_downsampled'),
      live: await window.subspaceLab.diagnostics.liveTensors(),
    };
  });
  console.log(`codecs quick metrics on webgpu: ${JSON.stringify(m)}`);
  expect(m.haar).toBeLessThan(2e-6); // inverse∘forward = identity to f32 precision
  expect(m.gap).toBeLessThan(0.01); // the linear autoencoder reaches PCA's error
  expect(m.gap).toBeGreaterThan(-1e-4);
  expect(m.slack).toBeGreaterThanOrEqual(0); // charged rates never below the empirical entropies
  expect(m.bpp_walloc).toBeLessThan(m.recon_pca_bpp);
  expect(m.psnr_walloc).toBeGreaterThan(m.recon_pca_psnr + 0.5);
  expect(m.bpp_vq).toBeLessThan(0.05);
  expect(m.psnr_vq).toBeGreaterThan(18);
  expect(m.psnr_pca).toBeGreaterThan(25);
  expect(m.acc_latent).toBeGreaterThan(m.acc_downsampled + 0.03); // learning on latents beats downsampled pixels
  expect(m.live).toBe(0);
});
