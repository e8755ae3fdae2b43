// Links to papers by exact title (an arXiv title search), so no identifier is ever guessed.

/** A paper reference whose link searches arXiv for the exact title. */
export function paper(title: string): { name: string; url: string } {
  return { name: title, url: `https://arxiv.org/search/?searchtype=title&query=${encodeURIComponent(title)}` };
}
