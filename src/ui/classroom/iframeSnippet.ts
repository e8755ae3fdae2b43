// The <iframe> HTML a course page pastes to embed a Subspace Lab link.

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An iframe element for `url` (attribute-escaped), full width, 480 px tall, loaded when scrolled near. */
export function iframeSnippet(url: string, title: string): string {
  return `<iframe src="${escapeAttribute(url)}" title="${escapeAttribute(title)}" width="100%" height="480" style="border: 0" loading="lazy"></iframe>`;
}
