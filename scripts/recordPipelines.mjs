// `npm run record-pipelines [-- --pages a,b] [-- --classes software,hardware] [-- --presets quick,default] [-- --timeout-s N] [-- --skip-build]`: records the pipeline manifest.
//
// Builds the app, serves it on port 4306 and, in headless Chromium on WebGPU, runs each page's presets
// in a fresh page (a fresh worker, an empty pipeline cache), planning kernels as a software adapter and
// as a hardware GPU would (`subspaceLab.debug.planAs`), then writes the recipes the pipeline cache was
// asked for, in first-use order, into src/experiments/pipelineManifest.json. Entries for pages not
// recorded this time are kept. A default-preset run still going after the timeout is cancelled and what
// it used so far is kept (its remaining pipelines then compile on demand); quick runs always finish. Run it after any change to kernels or planners.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(root, 'src/experiments/pipelineManifest.json');
const PORT = Number(process.env.RECORD_PORT ?? 4306);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const classes = option('classes', 'software,hardware').split(',');
const presets = option('presets', 'quick,default').split(',');
/** For default presets only: they are sized for a laptop GPU and can take minutes on a software adapter. */
const timeoutMs = Number(option('timeout-s', '240')) * 1000;
const outDir = join(root, 'node_modules/.record-pipelines');

/** One preset's run in a fresh page; returns the recipes used and whether it finished. */
async function recordRun(browser, base, pageId, adapter, preset) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  try {
    await page.goto(`${base}/?backend=webgpu#/`);
    return await page.evaluate(async ({ pageId, adapter, preset, timeoutMs }) => {
      const lab = window.subspaceLab;
      await lab.ready;
      if (lab.backend !== 'webgpu') throw new Error(`no WebGPU here: ${lab.reason}`);
      await lab.debug.planAs(adapter);
      const runId = `record-${pageId}-${preset}`;
      const started = performance.now();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        void lab.runs.control(runId, 'cancel');
      }, preset === 'quick' ? 600_000 : timeoutMs);
      const outcome = await lab.runs.start(runId, pageId, preset, () => {});
      clearTimeout(timer);
      const report = await lab.debug.pipelines();
      return { status: outcome.status, message: outcome.message ?? null, timedOut, ms: performance.now() - started, report };
    }, { pageId, adapter, preset, timeoutMs });
  } finally {
    await page.close();
  }
}

/** Drops recipes no page refers to any more, renumbering the entries, and sorts the pages. */
function compact(manifest, table) {
  const used = [...new Set(Object.values(manifest.pages).flatMap((p) => Object.values(p).flatMap((e) => [...e.quick, ...e.default])))].sort((a, b) => a - b);
  const renumber = new Map(used.map((old, i) => [old, i]));
  manifest.recipes = used.map((i) => table[i]);
  for (const p of Object.values(manifest.pages)) for (const e of Object.values(p)) for (const k of ['quick', 'default']) e[k] = e[k].map((i) => renumber.get(i));
  manifest.pages = Object.fromEntries(Object.keys(manifest.pages).sort().map((k) => [k, manifest.pages[k]]));
}

/** One recipe per line and one preset list per line, so a re-recording diffs line by line. */
function formatManifest(m) {
  const pages = Object.entries(m.pages).map(([id, classes]) => {
    const inner = Object.entries(classes).map(([c, e]) => `    ${JSON.stringify(c)}: { "quick": ${JSON.stringify(e.quick)}, "default": ${JSON.stringify(e.default)} }`);
    return `  ${JSON.stringify(id)}: {\n${inner.join(',\n')}\n  }`;
  });
  return `{\n "about": ${JSON.stringify(m.about)},\n "recipes": [\n${m.recipes.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ],\n "pages": {\n${pages.join(',\n')}\n }\n}\n`;
}

async function main() {
  if (process.argv.includes('--skip-build')) console.log(`reusing the build in ${outDir}`);
  else console.log('building the app…');
  if (!process.argv.includes('--skip-build')) await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: PORT, strictPort: true, open: false } });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  // recipes by content, so indices from the kept entries stay valid
  const table = [...manifest.recipes];
  const indexOf = new Map(table.map((r, i) => [JSON.stringify(r), i]));
  const intern = (r) => {
    const k = JSON.stringify(r);
    if (!indexOf.has(k)) {
      indexOf.set(k, table.length);
      table.push(r);
    }
    return indexOf.get(k);
  };
  try {
    const base = `http://localhost:${PORT}`;
    const probe = await browser.newPage();
    await probe.goto(`${base}/#/`);
    const allPages = await probe.evaluate(async () => window.subspaceLab.experiments.list().map((e) => e.id));
    await probe.close();
    // --missing: only pages the manifest lacks (for the classes asked for)
    const pages = option('pages', allPages.join(',')).split(',').filter((id) => !process.argv.includes('--missing') || classes.some((c) => !manifest.pages[id]?.[c]));
    for (const pageId of pages) {
      for (const adapter of classes) {
        const entry = { quick: [], default: [] };
        for (const preset of presets) {
          const r = await recordRun(browser, base, pageId, adapter, preset);
          const { recipes, unrecorded, stats } = r.report;
          entry[preset] = recipes.map(intern);
          const note = r.timedOut ? ` (cancelled after ${timeoutMs / 1000} s: partial)` : r.status === 'done' ? '' : ` (${r.status}: ${r.message})`;
          console.log(`${pageId} ${adapter} ${preset}: ${recipes.length} pipelines (${stats.modules} modules) in ${(r.ms / 1000).toFixed(1)} s${note}`);
          if (unrecorded.length) console.log(`  WARNING: no recipe for ${unrecorded.join(', ')} (WGSL assembled without wgslGenerator): these cannot be warmed`);
        }
        const old = manifest.pages[pageId]?.[adapter];
        manifest.pages[pageId] = { ...manifest.pages[pageId], [adapter]: { quick: presets.includes('quick') || !old ? entry.quick : old.quick, default: presets.includes('default') || !old ? entry.default : old.default } };
      }
      // written after every page, so an interrupted recording keeps what it has
      manifest.recipes = table;
      await writeFile(manifestPath, formatManifest(manifest));
    }
    compact(manifest, table);
    await writeFile(manifestPath, formatManifest(manifest));
    console.log(`wrote ${manifestPath}: ${manifest.recipes.length} distinct recipes over ${Object.keys(manifest.pages).length} pages`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
