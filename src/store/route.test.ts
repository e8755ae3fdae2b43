// Route parsing never throws and always lands on a page.
import { describe, expect, it } from 'vitest';
import { parseRoute } from './route';

describe('parseRoute', () => {
  it('parses the pages', () => {
    expect(parseRoute('')).toEqual({ page: 'gallery' });
    expect(parseRoute('#/')).toEqual({ page: 'gallery' });
    expect(parseRoute('#/diagnostics')).toEqual({ page: 'diagnostics' });
    expect(parseRoute('#/spectrum?k=3&v=1')).toEqual({ page: 'experiment', id: 'spectrum', query: 'k=3&v=1' });
  });
  it('survives malformed hashes', () => {
    for (const h of ['#/%E0%A4%A', '#%', '#/?', '#/<script>', '#//', '#/a?b?c']) {
      expect(() => parseRoute(h)).not.toThrow();
    }
    expect(parseRoute('#/a?b?c')).toEqual({ page: 'experiment', id: 'a', query: 'b?c' });
  });
});
