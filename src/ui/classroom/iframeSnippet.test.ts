// The iframe snippet: attributes escaped, so a link's & and a title's quotes survive pasting into HTML.
import { describe, expect, it } from 'vitest';
import { iframeSnippet } from './iframeSnippet';

describe('iframeSnippet', () => {
  it('escapes the link and the title and parses back to the same link', () => {
    const url = 'https://lab.example/app/#/spectrum?k=8&seed=1&plot=energy&embed=1&v=1';
    const html = iframeSnippet(url, 'Subspace Lab: "Low-rank" <images>');
    expect(html).toBe(
      '<iframe src="https://lab.example/app/#/spectrum?k=8&amp;seed=1&amp;plot=energy&amp;embed=1&amp;v=1" title="Subspace Lab: &quot;Low-rank&quot; &lt;images&gt;" width="100%" height="480" style="border: 0" loading="lazy"></iframe>',
    );
    const src = /src="([^"]*)"/.exec(html)![1].replace(/&amp;/g, '&');
    expect(src).toBe(url);
  });
});
