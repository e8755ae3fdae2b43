// Vite config for the app: React, the compute worker as an ES module, WGSL imported as ?raw strings, a strict CSP, a relative base and an offline service worker.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY_HEADER, contentSecurityPolicyMeta } from './scripts/csp.mjs';
import { offlineApp } from './scripts/pwa.mjs';

export default defineConfig({
  // relative, so dist/ works from any sub-path of any static host (routes are hashes, so the page is always index.html)
  base: './',
  plugins: [react(), contentSecurityPolicyMeta(), offlineApp()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  server: { port: 5173 },
  // The header also covers the worker script, whose policy comes from its own response.
  preview: { port: 5173, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER } },
});
