// Builds a kernel's WGSL from the shared snippets it names (shaders/common/snippets/) and its own body, checked both ways.

/** Where snippet files live, relative to the repository root; each opens with `// Snippet <name>: …`. */
export const SNIPPET_DIR = 'shaders/common/snippets';

/** The name a snippet file declares on its first line (`// Snippet flat_index: …`), or null for a kernel file. */
export function snippetName(code: string): string | null {
  return /^\/\/ Snippet (\w+):/.exec(code)?.[1] ?? null;
}

/**
 * The snippets a kernel file's opening comment names, in order: a line `// Snippets: flat_index, lane_sum.`
 * among its leading `//` lines. None named: [].
 */
export function snippetsNamedBy(code: string): string[] {
  for (const line of code.split('\n')) {
    if (!line.startsWith('//')) break;
    const m = /^\/\/ Snippets: ([\w, ]+)\.?\s*$/.exec(line);
    if (m) return m[1].split(',').map((s) => s.trim()).filter(Boolean);
  }
  return [];
}

/**
 * The kernel `body` with `snippets` in front, as one WGSL module. Throws when the snippets given are not exactly
 * the ones the body's opening comment names, so the file read alone says what it is compiled with.
 * @param parts the snippets (each a `?raw` string of a file in SNIPPET_DIR), then the kernel body last
 */
export function composeWgsl(...parts: string[]): string {
  const body = parts[parts.length - 1] ?? '';
  const snippets = parts.slice(0, -1);
  const given = snippets.map((s, i) => snippetName(s) ?? `<part ${i + 1} is not a snippet>`);
  const named = snippetsNamedBy(body);
  if (given.join(',') !== named.join(',')) {
    const head = body.split('\n')[0];
    throw new Error(`composeWgsl: "${head}" names snippets [${named.join(', ')}] but was given [${given.join(', ')}]`);
  }
  const code = [...snippets, body].join('\n');
  COMPOSED.set(code, [...snippets, body]);
  return code;
}

// Every composed text with its parts, so a pipeline built from one can be named by its files (pipelineRecipes.ts).
const COMPOSED = new Map<string, string[]>();

/** The parts `composeWgsl` built `code` from (snippets, then the body), or undefined when it did not build it. */
export function composedParts(code: string): string[] | undefined {
  return COMPOSED.get(code);
}
