// Every live page has a gallery thumbnail made from its quick preset (seed 1), small, with a sidecar saying where it came from.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../experiments/registry';
import { resolveConfig } from '../experiments/framework/resolveConfig';
import { encodeHash } from '../url/codec';

type Sidecar = { page: string; url: string; preset: string; seed: number; backend: string; plot: string; plots: string[]; commit: string; bytes: number };

describe('gallery thumbnails', () => {
  for (const meta of EXPERIMENTS) {
    it(`${meta.id}: a WebP of ≤ 20 KB from the page's current quick preset`, () => {
      const image = `public/thumbnails/${meta.id}.webp`;
      expect(existsSync(image), `${image} missing: run npm run thumbnails -- ${meta.id}`).toBe(true);
      const bytes = readFileSync(image);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
      expect(statSync(image).size).toBeLessThanOrEqual(20 * 1024);

      const sidecar = JSON.parse(readFileSync(`public/thumbnails/${meta.id}.json`, 'utf8')) as Sidecar;
      expect(sidecar.page).toBe(meta.id);
      expect(sidecar.preset).toBe('quick');
      expect(sidecar.seed).toBe(1);
      // a changed quick preset makes the picture stale: this fails until the thumbnail is made again
      expect(sidecar.url, 'the sidecar URL is the quick preset’s link').toBe(encodeHash(meta.id, meta.fields, resolveConfig(meta, 'quick').config));
      expect(sidecar.plots).toContain(sidecar.plot);
      expect(sidecar.bytes).toBe(bytes.length);
      expect(sidecar.commit).toMatch(/^[0-9a-f]{40}$/);
    });
  }
});
