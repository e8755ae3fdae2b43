// Vite config for the app: React, the compute worker as an ES module, WGSL imported as ?raw strings, a strict CSP.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY_HEADER, contentSecurityPolicyMeta } from './scripts/csp.mjs';

export default defineConfig({
  plugins: [react(), contentSecurityPolicyMeta()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  server: { port: 5173 },
  // The header also covers the worker script, whose policy comes from its own response.
  preview: { port: 5173, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER } },
});
