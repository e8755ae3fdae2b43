// Builds the app for production into a temporary folder and serves it on a free localhost port, for the bench sections that drive real pages.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

/**
 * Runs `use({ outDir, base })` against a fresh production build served by `vite preview`, then stops the server
 * and deletes the build. `buildOptions` are added to Vite's `build` options (e.g. `{ manifest: true }`).
 * @returns what `use` returns
 */
export async function withProductionBuild({ root, name, log, buildOptions = {} }, use) {
  const outDir = await mkdtemp(join(tmpdir(), `subspace-lab-${name}-`));
  const configFile = join(root, 'vite.config.ts');
  let server;
  try {
    log('building the app with Vite (production, into a temporary folder)…');
    await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, ...buildOptions } });
    server = await preview({ root, configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    // localhost (not 127.0.0.1) so the page is a secure context and navigator.gpu exists
    const base = `http://localhost:${server.httpServer.address().port}`;
    return await use({ outDir, base });
  } finally {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
