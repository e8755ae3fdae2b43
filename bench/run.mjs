// `npm run bench [-- section...]`: serves bench pages with Vite, runs each in headless Chromium, prints and saves results.
//
// A section is a file bench/<name>Bench.ts exporting `run(log)`; bench/main.ts loads it when the
// page is opened as bench/index.html?section=<name>, and publishes what it returns on
// `window.__benchResult` (or an error on `window.__benchError`). This script only waits for that.
// A section that must work from Node (build the app, serve it, drive a page) is a file
// bench/<name>Bench.node.mjs exporting `run({ log, browser, root })` that returns the same result shape.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { BENCH_DISABLED_FEATURES, launchWithFeaturesDisabled } from '../scripts/chromium.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const resultsDir = join(benchDir, 'results');
/** Per-section limit; a section that needs more should shrink its repetitions instead. */
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? 900) * 1000;

/** Every bench/<name>Bench.ts (page) and bench/<name>Bench.node.mjs (Node), with the one-line purpose comment atop it. */
async function discoverSections() {
  const files = (await readdir(benchDir)).filter((f) => /^[a-zA-Z0-9]+Bench(\.node\.mjs|\.ts)$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => {
      const first = (await readFile(join(benchDir, f), 'utf8')).split('\n')[0];
      const node = f.endsWith('.node.mjs');
      return { name: f.replace(/Bench(\.node\.mjs|\.ts)$/, ''), description: first.replace(/^\/\/\s*/, ''), file: f, node };
    }),
  );
}

/** Runs a Node-side section: it gets the browser and the repository root, and returns a BenchResult. */
async function runNodeSection(browser, section) {
  const started = Date.now();
  const mod = await import(pathToFileURL(join(benchDir, section.file)).href);
  const result = await mod.run({ log: (line) => console.log(`  [${section.name}] ${line}`), browser, root });
  return { ...result, section: section.name, seconds: (Date.now() - started) / 1000, date: new Date().toISOString() };
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Left-aligns the first column, right-aligns the others. */
function formatTable(columns, rows) {
  const cells = [columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => formatCell(r[c.key], c.digits)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function formatCell(v, digits = 3) {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') return Number.isFinite(v) ? v.toFixed(digits) : String(v);
  return String(v);
}

async function runSection(browser, base, section) {
  const page = await browser.newPage();
  const started = Date.now();
  page.on('console', (msg) => {
    const t = msg.type();
    if (t === 'log' || t === 'info' || t === 'warning' || t === 'error') console.log(`  [${section.name}] ${msg.text()}`);
  });
  page.on('pageerror', (err) => console.log(`  [${section.name}] page error: ${err.message}`));
  try {
    // BENCH_QUERY (e.g. kernels=tiled,regblock) passes extra options through to the section.
    const extra = process.env.BENCH_QUERY ? `&${process.env.BENCH_QUERY}` : '';
    await page.goto(`${base}/bench/index.html?section=${encodeURIComponent(section.name)}${extra}`);
    const handle = await page.waitForFunction(
      () => window.__benchResult ?? (window.__benchError ? { error: window.__benchError } : undefined),
      undefined,
      { timeout: timeoutMs, polling: 500 },
    );
    const result = await handle.jsonValue();
    if (result.error) throw new Error(result.error);
    return { ...result, section: section.name, seconds: (Date.now() - started) / 1000, date: new Date().toISOString() };
  } finally {
    await page.close();
  }
}

async function main() {
  const sections = await discoverSections();
  const args = process.argv.slice(2);
  console.log(`bench sections: ${sections.map((s) => s.name).join(', ')}`);
  if (args.includes('--list') || args.includes('-l')) {
    for (const s of sections) console.log(`  ${s.name.padEnd(16)} ${s.description}`);
    return;
  }
  const unknown = args.filter((a) => !sections.some((s) => s.name === a));
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')}. Run \`npm run bench -- --list\` to see them.`);
    process.exitCode = 2;
    return;
  }
  const chosen = args.length ? sections.filter((s) => args.includes(s.name)) : sections;

  const port = await freePort();
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    // A separate cache so a bench run never re-optimizes under another engineer's dev server.
    cacheDir: join(root, 'node_modules/.vite-bench'),
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false, open: false },
    // Pre-bundle the peers up front so the page is not reloaded mid-run by dependency discovery.
    optimizeDeps: { entries: ['bench/index.html'] },
  });
  let browser;
  let failed = 0;
  try {
    await server.listen();
    // localhost (not 127.0.0.1) so the page is a secure context and navigator.gpu exists.
    const base = `http://localhost:${port}`;
    // without the browser's own per-window work (its omnibox popup), which would compete with the pages measured
    browser = await launchWithFeaturesDisabled(chromium, BENCH_DISABLED_FEATURES);
    await mkdir(resultsDir, { recursive: true });
    for (const section of chosen) {
      console.log(`\n== ${section.name}: ${section.description}`);
      try {
        const result = section.node ? await runNodeSection(browser, section) : await runSection(browser, base, section);
        if (result.adapter) console.log(`adapter: ${result.adapter}`);
        if (result.columns && result.rows) console.log(formatTable(result.columns, result.rows));
        for (const note of result.notes ?? []) console.log(`note: ${note}`);
        const file = join(resultsDir, `${section.name}.json`);
        await writeFile(file, JSON.stringify(result, null, 2) + '\n');
        console.log(`(${result.seconds.toFixed(0)} s; written to ${file.slice(root.length + 1)})`);
      } catch (e) {
        failed++;
        console.error(`section ${section.name} failed: ${e.message}`);
      }
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  if (failed) process.exitCode = 1;
}

await main();
