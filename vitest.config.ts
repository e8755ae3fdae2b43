// Test layers 1 and 2: Node unit tests, and kernel tests in real Chromium with (SwiftShader) WebGPU.
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts', 'node_modules/**'],
          environment: 'node',
          // float64 gradient checks and quick presets take seconds; a loaded 2-core machine must not turn them into timeouts
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'kernels',
          include: ['src/**/*.browser.test.ts'],
          setupFiles: ['src/testing/failOnGpuErrors.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          provide: { requireWebgpu: process.env.REQUIRE_WEBGPU === '1' },
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
