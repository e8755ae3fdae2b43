// The codecs run: Haar packet → PCA, linear autoencoder, WaLLoC-style codec and VQ codec → rate–distortion points.
import type { Backend, Tensor } from '../../engine/backend';
import type { Progress, RunContext } from '../framework/types';
import { haarForward, haarInverse, haarPacket2d } from './haar';
import { centerRows, loadPatches, patchesToImage } from './patches';
import { principalBasis } from './pca';
import { disposeWeights, trainCodec, uploadWeights } from './autoencoder';
import { evaluateCodec, type CodecData, type RatePoint } from './evaluate';
import { evaluateVq, initialCodebook, shrinkCodebook, trainVq, type VqPoint } from './vq';
import { psnr } from './rate';
import { compressedLearning } from './compressedLearning';
import { RD_STEPS, type CodecsConfig } from './schema';

const D = 64;

/** (d, c) → (c, d) on the host, times `factor`. */
function transposed(a: Float64Array, rows: number, cols: number, factor: number): Float64Array {
  return Float64Array.from({ length: rows * cols }, (_, i) => a[(i % rows) * cols + Math.floor(i / rows)] * factor);
}

/** Rate–distortion arrays of a sweep, under metric keys `rd_<label>_bpp` and `rd_<label>_psnr`. */
function curve(label: string, points: RatePoint[]): Record<string, number[]> {
  return { [`rd_${label}_bpp`]: points.map((p) => p.bpp), [`rd_${label}_psnr`]: points.map((p) => p.psnr) };
}

/** Smallest (estimated rate − empirical entropy) over all points, bits per pixel: ≥ 0 when the estimates are honest. */
function rateSlack(points: RatePoint[]): number {
  return Math.min(...points.map((p) => p.bpp - p.entropyBpp));
}

export async function* runCodecs(config: CodecsConfig, ctx: RunContext): AsyncGenerator<Progress> {
  const be: Backend = ctx.backend;
  const total = 6;
  const set = await loadPatches(ctx.data, { source: config.source, image: config.image, size: Number(config.size), digits: config.digits });
  const { n } = set;
  const c = config.channels;
  if (c > D || config.vqDim > D) throw new RangeError(`latent sizes must be at most ${D}, got c = ${c}, VQ = ${config.vqDim}`);
  if (config.codes > config.codebook) throw new RangeError(`the shrunk codebook (${config.codes}) cannot be larger than the codebook (${config.codebook})`);
  const image = (patches: ArrayLike<number>) => patchesToImage(patches, set.tilesDown, set.tilesAcross);
  yield { step: 1, total, metrics: { patches: n, source: set.source, original: image(set.data), tiles_down: set.tilesDown, tiles_across: set.tilesAcross } };

  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => (owned.push(t), t);
  try {
    // 1. the Haar packet: coefficients, the mean patch as side information, and the round trip
    const h = keep(be.upload(haarPacket2d(), { rows: D, cols: D }));
    const x = keep(be.upload(set.data, { rows: n, cols: D }));
    const { mean } = centerRows(set.data, n, D);
    const meanX = be.upload(mean, { rows: 1, cols: D });
    const meanY = keep(be.tidy(() => haarForward(be, meanX, h)));
    be.dispose(meanX);
    const y = keep(be.tidy(() => be.elementwise('add', haarForward(be, x, h), meanY, 1, -1)));
    const data: CodecData = { x, y, h, mean: meanY };
    const checks = be.tidy(() => {
      const coef = haarForward(be, x, h);
      const back = haarInverse(be, coef, h);
      return [be.reduce('maxAbs', be.elementwise('add', back, x, 1, -1), 'all'), be.reduce('sumSquares', coef, 'all'), be.reduce('sumSquares', x, 'all')];
    });
    const [roundTrip, energyCoef, energyPixels] = (await Promise.all(checks.map((t) => be.read(t)))).map((v) => v[0]);
    checks.forEach((t) => be.dispose(t));
    const haar = { haar_roundtrip_error: roundTrip, haar_energy_ratio: energyCoef / energyPixels };

    // 2. PCA: the basis every linear codec here starts from, and the error floor at c latents
    const pca = await principalBasis(be, y, Math.max(c, config.vqDim));
    owned.push(pca.basis);
    const basis = (k: number) => Float64Array.from({ length: D * k }, (_, i) => pca.host[Math.floor(i / k) * pca.basis.cols + (i % k)]);
    const pcaC = basis(c);
    const s = config.scale;
    const pcaCodec = uploadWeights(be, pcaC.map((v) => v * s), transposed(pcaC, D, c, 1 / s), D, c, 0, ctx.rng);
    const pcaPoints: RatePoint[] = [];
    for (const step of RD_STEPS) pcaPoints.push(await evaluateCodec(be, pcaCodec, data, step));
    disposeWeights(be, pcaCodec);
    const pcaHead = pcaPoints[RD_STEPS.indexOf(1)];
    const pcaMetrics = { bpp_pca: pcaHead.bpp, psnr_pca: pcaHead.psnr, mse_pca_unquantized: pca.mseAt[c], psnr_pca_unquantized: psnr(pca.mseAt[c]), eigenvalues: pca.eigenvalues, ...curve('pca', pcaPoints) };
    yield { step: 2, total, metrics: { ...haar, ...pcaMetrics } };
    if (ctx.signal.aborted) return;

    // 3. linear autoencoder, no quantization, random start: should reach the PCA error at c latents
    const ae = uploadWeights(be, ctx.rng.normals(D * c, 1 / Math.sqrt(D)), ctx.rng.normals(c * D, 1 / Math.sqrt(c)), D, c, 0, ctx.rng);
    const aeCurve = await trainCodec(be, ae, y, { steps: config.aeSteps, lr: config.aeLr, noisy: false, rateWeight: 0, rng: ctx.rng, signal: ctx.signal });
    disposeWeights(be, ae);
    const mseAe = aeCurve[aeCurve.length - 1]?.loss ?? NaN;
    const aeMetrics = { mse_linear_ae: mseAe, linear_ae_gap: mseAe / pca.mseAt[c] - 1, ae_loss: aeCurve.map((p) => p.loss), ae_loss_steps: aeCurve.map((p) => p.step) };
    yield { step: 3, total, metrics: { ...haar, ...pcaMetrics, ...aeMetrics } };
    if (ctx.signal.aborted) return;

    // 4. WaLLoC-style: start at s × PCA, train with uniform noise and the rate term, evaluate with rounding
    const walloc = uploadWeights(be, pcaC.map((v) => v * s), transposed(pcaC, D, c, 1 / s), D, c, config.hidden, ctx.rng);
    let wallocPoints: RatePoint[] = [];
    let wallocCurve: { step: number; loss: number }[] = [];
    try {
      wallocCurve = await trainCodec(be, walloc, y, { steps: config.steps, lr: config.lr, noisy: true, rateWeight: config.rateWeight, rng: ctx.rng, signal: ctx.signal });
      for (const step of RD_STEPS) wallocPoints.push(await evaluateCodec(be, walloc, data, step));
    } finally {
      disposeWeights(be, walloc);
    }
    const head = wallocPoints[RD_STEPS.indexOf(1)];
    // PCA's sweep point nearest WaLLoC's rate: the side-by-side at (about) equal rate
    const pcaNear = pcaPoints.reduce((a, b) => (Math.abs(b.bpp - head.bpp) < Math.abs(a.bpp - head.bpp) ? b : a));
    const wallocMetrics = {
      bpp_walloc: head.bpp, psnr_walloc: head.psnr, ...curve('walloc', wallocPoints),
      walloc_loss: wallocCurve.map((p) => p.loss), walloc_loss_steps: wallocCurve.map((p) => p.step),
      recon_walloc: image(head.patches), recon_pca: image(pcaNear.patches), recon_pca_bpp: pcaNear.bpp, recon_pca_psnr: pcaNear.psnr,
    };
    yield { step: 4, total, metrics: { ...haar, ...pcaMetrics, ...aeMetrics, ...wallocMetrics } };
    if (ctx.signal.aborted) return;

    // 5. VQ: encoder and decoder from PCA, codebook from jittered data latents; train, then shrink by k-means
    const pcaV = basis(config.vqDim);
    const E = keep(be.upload(pcaV, { rows: D, cols: config.vqDim }));
    const z0 = await be.read(keep(be.tidy(() => be.matmul(y, E))));
    const vq = {
      E,
      D: keep(be.upload(transposed(pcaV, D, config.vqDim, 1), { rows: config.vqDim, cols: D })),
      C: keep(be.upload(initialCodebook(z0, n, config.vqDim, config.codebook, ctx.rng), { rows: config.codebook, cols: config.vqDim })),
    };
    const vqCurve = await trainVq(be, vq, y, { steps: config.vqSteps, lr: config.lr, beta: config.beta, signal: ctx.signal });
    const full = await evaluateVq(be, vq, vq.C, data);
    const used = full.usage.filter((u) => u > 0).length;
    const sizes: number[] = [];
    for (let k = config.codes; k < used; k *= 4) sizes.push(k);
    if (config.codes > used) throw new RangeError(`only ${used} of ${config.codebook} codewords are used: shrink to at most ${used}`);
    const vqPoints: VqPoint[] = [full];
    for (const k of sizes.reverse()) {
      const small = await shrinkCodebook(be, vq.C, full.usage, k, config.seed);
      vqPoints.push(await evaluateVq(be, vq, small, data));
      be.dispose(small);
    }
    const vqHead = vqPoints[vqPoints.length - 1];
    const all = [...pcaPoints, ...wallocPoints, ...vqPoints];
    const done = {
        ...haar, ...pcaMetrics, ...aeMetrics, ...wallocMetrics,
        bpp_vq: vqHead.bpp, psnr_vq: vqHead.psnr, vq_codes: vqHead.codes, vq_used_codes: used, ...curve('vq', vqPoints), rd_vq_codes: vqPoints.map((p) => p.codes),
        usage_full: [...full.usage].sort((a, b) => b - a), usage_shrunk: [...vqHead.usage].sort((a, b) => b - a),
        recon_vq: image(vqHead.patches), vq_loss: vqCurve.map((p) => p.loss), vq_loss_steps: vqCurve.map((p) => p.step),
        rate_minus_entropy_min: rateSlack(all),
    };
    yield { step: 5, total, metrics: done };
    if (ctx.signal.aborted || config.clsSteps === 0) return;

    // 6. compressed learning: the same classifier on 16 rounded latents and on 4×4 downsampled digits
    const acc = await compressedLearning(be, ctx.data, { steps: config.clsSteps, scale: s, seed: config.seed, signal: ctx.signal });
    yield { step: 6, total, metrics: { ...done, acc_latent: acc.latent, acc_downsampled: acc.downsampled } };
  } finally {
    for (const t of owned) be.dispose(t);
  }
}
