// The benches measure the production build people get: React's development build is told apart and kept out of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the bench, without types
import { developmentChunks, REACT_DEVELOPMENT_MARKER, withNodeEnv } from '../bench/productionBuild.mjs';

const reactDom = (build: string) => readFileSync(`node_modules/react-dom/cjs/react-dom-client.${build}.js`, 'utf8');

describe('production bundle check (bench/productionBuild.mjs)', () => {
  it("tells the installed React's development build from its production build", () => {
    expect(reactDom('development')).toContain(REACT_DEVELOPMENT_MARKER);
    expect(reactDom('production')).not.toContain(REACT_DEVELOPMENT_MARKER);
    expect(developmentChunks([{ file: 'dev.js', text: reactDom('development') }, { file: 'prod.js', text: reactDom('production') }])).toEqual(['dev.js']);
  });

  it('builds with NODE_ENV production and puts back what was there', async () => {
    const before = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'development';
      expect(await withNodeEnv('production', () => process.env.NODE_ENV)).toBe('production');
      expect(process.env.NODE_ENV).toBe('development');
      delete process.env.NODE_ENV;
      await expect(withNodeEnv('production', () => Promise.reject(new Error('build failed')))).rejects.toThrow('build failed');
      expect('NODE_ENV' in process.env).toBe(false);
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
  });
});
