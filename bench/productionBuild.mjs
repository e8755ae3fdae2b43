// Builds the app for production into a temporary folder and serves it on a free localhost port, for the bench sections that drive real pages.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

/**
 * Text only React's development build carries (each element's and fiber's creation stack, React 19): a bundle with
 * it runs React's development checks and StrictMode's double renders.
 */
export const REACT_DEVELOPMENT_MARKER = '_debugStack';

/** The chunks (`{ file, text }`) that carry React's development build. */
export function developmentChunks(chunks) {
  return chunks.filter((c) => c.text.includes(REACT_DEVELOPMENT_MARKER)).map((c) => c.file);
}

/**
 * Runs `fn` with `process.env.NODE_ENV` set to `value`, then puts back what was there (unset stays unset). Vite's
 * build keeps a NODE_ENV that is already set, and a Vite dev server started in the same process sets it to
 * 'development' (bench/run.mjs serves the kernel benches that way): a build after it bundled React's development build.
 */
export async function withNodeEnv(value, fn) {
  const had = Object.prototype.hasOwnProperty.call(process.env, 'NODE_ENV');
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = value;
  try {
    return await fn();
  } finally {
    if (had) process.env.NODE_ENV = before;
    else delete process.env.NODE_ENV;
  }
}

/**
 * Runs `use({ outDir, base })` against a fresh production build served by `vite preview`, then stops the server
 * and deletes the build. `buildOptions` are added to Vite's `build` options (e.g. `{ manifest: true }`). Throws if
 * the build carries React's development build, which would measure a slower app than the one people get.
 * @returns what `use` returns
 */
export async function withProductionBuild({ root, name, log, buildOptions = {} }, use) {
  const outDir = await mkdtemp(join(tmpdir(), `subspace-lab-${name}-`));
  const configFile = join(root, 'vite.config.ts');
  let server;
  try {
    log('building the app with Vite (production, into a temporary folder)…');
    await withNodeEnv('production', () => build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, ...buildOptions } }));
    const assets = join(outDir, 'assets');
    const js = (await readdir(assets)).filter((f) => f.endsWith('.js') && !/plotly|katex/i.test(f));
    const dev = developmentChunks(await Promise.all(js.map(async (file) => ({ file, text: await readFile(join(assets, file), 'utf8') }))));
    if (dev.length) throw new Error(`the build carries React's development build (${dev.join(', ')}): NODE_ENV was not 'production' while it was built`);
    server = await preview({ root, configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    // localhost (not 127.0.0.1) so the page is a secure context and navigator.gpu exists
    const base = `http://localhost:${server.httpServer.address().port}`;
    return await use({ outDir, base });
  } finally {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
