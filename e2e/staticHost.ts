// A tiny static file server for e2e: serves a folder (dist/) under a sub-path, as GitHub Pages or any plain host would.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

export type StaticHost = {
  /** The app's URL, ending in the sub-path and a slash, e.g. `http://127.0.0.1:43121/some/sub/path/`. */
  url: string;
  /** Every request path outside the sub-path (answered 404): a URL resolved against `/` instead of the base. */
  outside: string[];
  /** Every request path inside the sub-path that had no file (answered 404). */
  missing: string[];
  /** How many requests the host answered; after close() nothing more is answered. */
  served(): number;
  /** Serves another folder from now on (a new build deployed over the old one). */
  setRoot(dir: string): void;
  /** Stops answering: closes the listener and every open connection. */
  close(): Promise<void>;
};

/**
 * Serves `root` at `http://127.0.0.1:<free port><prefix>`; anything outside `prefix` is a 404 and is
 * recorded in `outside`, so a test can show that nothing is fetched from the host's root.
 * @param prefix the sub-path, starting and ending with '/'
 * @param address where to listen: 127.0.0.1 (a secure context for the browser) or a non-loopback address
 */
export async function startStaticHost(root: string, prefix: string, address = '127.0.0.1'): Promise<StaticHost> {
  let dir = root;
  let count = 0;
  const outside: string[] = [];
  const missing: string[] = [];
  const server: Server = createServer(async (req, res) => {
    count++;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (!path.startsWith(prefix)) {
      outside.push(path);
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, rel);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      // as GitHub Pages does not, no CSP header: the page's meta tag must carry the policy alone
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      missing.push(path);
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}${prefix}`,
    outside,
    missing,
    served: () => count,
    setRoot: (d) => { dir = d; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
