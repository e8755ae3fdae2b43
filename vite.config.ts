// Vite config for the app: React, the compute worker as an ES module, WGSL imported as ?raw strings.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  server: { port: 5173 },
  preview: { port: 5173 },
});
