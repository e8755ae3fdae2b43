// The stylesheets use a few font sizes and weights: each size and weight a page shows is a font the browser sets up while the page opens.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/wgslSources';

/**
 * Body and control text sizes: 0.8, 0.9 and 1 rem. Headings (above 1 rem) are one element each and may have their own.
 * On Linux each new size or weight costs a synchronous round trip to the browser process for its font settings, and
 * a page that used ten sizes between 0.75 and 0.95 rem spent about 50 ms more of its opening tasks on them.
 */
const TEXT_SIZES_REM = new Set(['0.8', '0.9', '1']);
const WEIGHTS = new Set(['normal', '700', 'bold']);

const sheets = (readdirSync(join(REPO_ROOT, 'src'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.css'))
  .map((f) => ({ path: `src/${f.split('\\').join('/')}`, text: readFileSync(join(REPO_ROOT, 'src', f), 'utf8') }));

describe('font sizes and weights in the stylesheets', () => {
  it('finds the stylesheets', () => {
    expect(sheets.map((s) => s.path)).toContain('src/ui/app.css');
  });

  it('sizes text at 0.8, 0.9 or 1 rem (or a heading above 1 rem, or relative to its parent)', () => {
    const odd: string[] = [];
    for (const { path, text } of sheets) {
      for (const [, value, unit] of text.matchAll(/font-size:\s*([0-9.]+)(rem|px|em|%)/g)) {
        if (unit === 'em' || unit === '%') continue;
        if (unit === 'px' || (!TEXT_SIZES_REM.has(value) && Number(value) <= 1)) odd.push(`${path}: ${value}${unit}`);
      }
    }
    expect(odd).toEqual([]);
  });

  it('uses the regular and the bold weight only', () => {
    const odd: string[] = [];
    for (const { path, text } of sheets) for (const [, value] of text.matchAll(/font-weight:\s*([^;}\s]+)/g)) if (!WEIGHTS.has(value)) odd.push(`${path}: ${value}`);
    expect(odd).toEqual([]);
  });

  it('gives form controls the page’s font (not the browser’s control font, one more to set up)', () => {
    const app = sheets.find((s) => s.path === 'src/ui/app.css')!.text;
    expect(app).toMatch(/select, input, textarea \{ font: inherit; \}/);
    expect(app).toMatch(/button \{ font: inherit;/);
  });
});
