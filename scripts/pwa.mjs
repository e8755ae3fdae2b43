// The installable, offline app: the web app manifest and the Workbox service worker that precaches the whole build.
import { VitePWA } from 'vite-plugin-pwa';

/**
 * What the service worker precaches: the page, every JS/CSS chunk (the compute worker and the lazily
 * loaded plot chunks included; WGSL is inlined into the worker as strings), the icons and the shipped
 * datasets under data/ (digits.u8, images/*.u8), so a classroom can open any page offline after one visit.
 */
export const PRECACHE_GLOBS = ['**/*.{html,js,css,svg,png,webmanifest}', 'data/**/*.u8'];

/** plotly's chunk is several MiB; Workbox skips (with a warning only) any file over this, so it is set above the largest chunk. */
export const PRECACHE_MAX_FILE_BYTES = 12 * 2 ** 20;

/** Options for vite-plugin-pwa's VitePWA(). */
const pwaOptions = {
  // A new build waits until the user presses Reload in the notice (src/ui/UpdateNotice.tsx): a run in
  // progress is never cut short by a reload, and stale code is never served silently.
  registerType: 'prompt',
  // The notice imports virtual:pwa-register/react; nothing is injected into index.html, so the CSP stays strict.
  injectRegister: false,
  // the icons are precached by PRECACHE_GLOBS already; listing them twice would fetch them twice
  includeManifestIcons: false,
  manifest: {
    name: 'Subspace Lab',
    short_name: 'Subspace Lab',
    description: 'Run subspace and low-rank learning ideas on your own GPU, in the browser; works offline after one visit.',
    // relative, so the installed app opens wherever the build is hosted (any sub-path)
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#fbfaf7',
    theme_color: '#1f3a5f',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: PRECACHE_GLOBS,
    maximumFileSizeToCacheInBytes: PRECACHE_MAX_FILE_BYTES,
    // every route is a hash of index.html; ?backend=… navigations are served the cached page too
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
};

/**
 * The Vite plugins that write manifest.webmanifest and sw.js into dist/ and serve virtual:pwa-register.
 * Imported here rather than in vite.config.ts: vite-plugin-pwa's types pull in lib "esnext" (through
 * workbox-build and type-fest), which would change how the project's own typed arrays type-check.
 */
export function offlineApp() {
  return [...VitePWA(pwaOptions), retireServiceWorkerInDev()];
}

/**
 * A service worker that removes itself: its caches, its registration, then reloads the pages it served.
 * `npm start` (the build) and `npm run dev` share localhost:5173, so a build's worker would otherwise go on
 * serving the old build's page to the dev server's visitors; the browser's next update check of sw.js
 * fetches this instead, and it takes over at once to retire.
 */
export const RETIRING_SERVICE_WORKER = `// Dev server: retires a service worker left by a build served from this origin.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) await caches.delete(name);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`;

/** Dev server only: answers sw.js with RETIRING_SERVICE_WORKER (the dev server registers no worker of its own). */
function retireServiceWorkerInDev() {
  return {
    name: 'retire-service-worker-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/sw.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-store');
        res.end(RETIRING_SERVICE_WORKER);
      });
    },
  };
}
