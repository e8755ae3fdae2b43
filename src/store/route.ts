// Which page the hash names: the gallery, diagnostics, or an experiment (with its query string).

export type Route =
  | { page: 'gallery' }
  | { page: 'diagnostics' }
  | { page: 'experiment'; id: string; query: string };

/** Parses `#/`, `#/diagnostics`, `#/<experiment-id>?k=v…`; anything else is the gallery. */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith('/')) return { page: 'gallery' };
  const [path, ...rest] = h.slice(1).split('?');
  const id = decodeSafe(path).trim();
  if (!id) return { page: 'gallery' };
  if (id === 'diagnostics') return { page: 'diagnostics' };
  return { page: 'experiment', id, query: rest.join('?') };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
