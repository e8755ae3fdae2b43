// `npm run thumbnails [-- id …]`: runs each page's quick preset (seed 1, cpu backend) in the built app and saves its main plot as public/thumbnails/<id>.webp with a JSON sidecar.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const PORT = Number(process.env.THUMBNAIL_PORT ?? 4308);
const BASE = `http://localhost:${PORT}`;
const OUT_DIR = 'public/thumbnails';
/** The picture's size: small enough for ≲ 20 KB, large enough to show the plot's shape. */
const WIDTH = 320;
const HEIGHT = 180;
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

async function waitForServer(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the preview server did not answer at ${url}`);
}

/** Draws the screenshot onto a WIDTH×HEIGHT canvas inside the page and returns WebP bytes (base64). */
async function shrinkToWebp(page, png) {
  return page.evaluate(
    async ({ b64, w, h }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext('2d');
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, w, h);
      // keep the aspect ratio: fit inside, centred
      const s = Math.min(w / img.width, h / img.height);
      const dw = img.width * s;
      const dh = img.height * s;
      g.imageSmoothingQuality = 'high';
      g.drawImage(img, (w - dw) / 2, (h - dh) / 2, dw, dh);
      return canvas.toDataURL('image/webp', 0.8).split(',')[1];
    },
    { b64: png.toString('base64'), w: WIDTH, h: HEIGHT },
  );
}

async function thumbnail(browser, id, commit) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const started = Date.now();
  try {
    await page.goto(`${BASE}/?backend=cpu#/${id}`);
    await page.getByTestId('backend-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    await page.getByTestId('preset-quick').click();
    const hash = await page.evaluate(() => location.hash);
    await page.getByTestId('run').click();
    await page.locator('[data-testid="run-controls"][data-status="done"]').waitFor({ timeout: 300_000 });
    const main = page.locator('[data-testid="plots"] figure.plot').first();
    await main.and(page.locator('[data-rendered="true"]')).waitFor({ timeout: 60_000 });
    const plot = ((await main.getAttribute('data-testid')) ?? '').replace(/^plot-/, '');
    // every plot the run drew: the guided tours' steps are checked against this list
    const plots = (await page.locator('[data-testid="plots"] figure.plot').evaluateAll((els) => els.map((e) => e.dataset.testid))).map((t) => t.replace(/^plot-/, ''));
    const png = await main.locator('.plot-area').screenshot();
    const webp = Buffer.from(await shrinkToWebp(page, png), 'base64');
    writeFileSync(`${OUT_DIR}/${id}.webp`, webp);
    const sidecar = { page: id, url: hash, preset: 'quick', seed: 1, backend: 'cpu', plot, plots, commit, width: WIDTH, height: HEIGHT, bytes: webp.length };
    writeFileSync(`${OUT_DIR}/${id}.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
    console.log(`${id}: ${plot}, ${webp.length} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (e) {
    console.error(`${id}: FAILED — ${e.message.split('\n')[0]}`);
    return false;
  } finally {
    await page.close();
  }
}

const commit = execFileSync('git', ['rev-parse', 'HEAD']).toString().trim();
mkdirSync(OUT_DIR, { recursive: true });
const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
let failed = 0;
try {
  await waitForServer(BASE, 60_000);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const probe = await browser.newPage();
  await probe.goto(`${BASE}/?backend=cpu#/`);
  const ids = await probe.evaluate(async () => {
    await window.subspaceLab.ready;
    return window.subspaceLab.experiments.list().map((e) => e.id);
  });
  await probe.close();
  for (const id of ids) {
    if (only.length && !only.includes(id)) continue;
    if (!(await thumbnail(browser, id, commit))) failed++;
  }
  await browser.close();
} finally {
  process.kill(-server.pid);
}
process.exit(failed ? 1 : 0);
