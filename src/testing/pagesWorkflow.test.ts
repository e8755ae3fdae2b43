// The GitHub Pages workflow does what the README says: on a push to main it builds with Node 20 and deploys dist/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const workflow = readFileSync(new URL('../../.github/workflows/pages.yml', import.meta.url), 'utf8');

/** The workflow's lines without comments, trimmed, for line-by-line checks (no YAML parser among the dependencies). */
const lines = workflow.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean);

describe('.github/workflows/pages.yml', () => {
  it('runs on a push to main', () => {
    const on = lines.indexOf('on:');
    expect(on).toBeGreaterThanOrEqual(0);
    expect(lines.slice(on, on + 3)).toEqual(['on:', 'push:', 'branches: [main]']);
  });
  it('builds with Node 20 from the lock file, then uploads dist/ and deploys it to Pages', () => {
    const at = (line: string) => {
      const i = lines.indexOf(line);
      expect(i, `the line “${line}”`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const node = at('node-version: 20');
    const build = at('- run: npm ci && npm run build');
    const upload = at('- uses: actions/upload-pages-artifact@v3');
    expect(lines[upload + 1]).toBe('with:');
    expect(lines[upload + 2]).toBe('path: dist');
    const deploy = at('uses: actions/deploy-pages@v4');
    expect(node).toBeLessThan(build);
    expect(build).toBeLessThan(upload);
    expect(upload).toBeLessThan(deploy);
    expect(lines).toContain('pages: write');
    expect(lines).toContain('id-token: write');
  });
});
