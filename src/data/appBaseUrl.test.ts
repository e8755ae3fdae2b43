// The app's folder (where data/ lives) comes from Vite's base and the page URL, so a build works under any sub-path.
import { describe, expect, it } from 'vitest';
import { appBaseUrl } from './datasets';

describe('appBaseUrl', () => {
  it("with the build's relative base, is the folder of index.html under any sub-path, whatever the hash and query", () => {
    expect(appBaseUrl('./', 'https://someone.github.io/subspace-lab/#/spectrum?k=4&seed=1&v=1')).toBe('https://someone.github.io/subspace-lab/');
    expect(appBaseUrl('./', 'http://127.0.0.1:8080/some/sub/path/index.html?backend=cpu#/galore')).toBe('http://127.0.0.1:8080/some/sub/path/');
    expect(appBaseUrl('./', 'http://localhost:4173/')).toBe('http://localhost:4173/');
  });
  it("with the dev server's absolute base, is that path on the page's origin", () => {
    expect(appBaseUrl('/', 'http://localhost:5173/?backend=webgpu#/spectrum')).toBe('http://localhost:5173/');
    expect(appBaseUrl('/lab/', 'https://example.org/elsewhere/page.html')).toBe('https://example.org/lab/');
  });
});
