// Node-side view of the kernel sources: the .wgsl kernel files (snippets resolved), the snippet files, and the generated kernels.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { composeWgsl, SNIPPET_DIR, snippetsNamedBy } from '../engine/webgpu/composeWgsl';
import { generatedMatmulSources } from '../engine/webgpu/matmulRegisterWgsl';

/** The repository root (this file is src/testing/wgslSources.ts). */
export const REPO_ROOT = join(__dirname, '../..');

/** Every .wgsl file under shaders/, as a path from the repository root, sorted. */
function allWgslFiles(): string[] {
  return (readdirSync(join(REPO_ROOT, 'shaders'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.wgsl'))
    .map((f) => relative(REPO_ROOT, join(REPO_ROOT, 'shaders', f)).split('\\').join('/'))
    .sort();
}

const isSnippet = (path: string) => path.startsWith(`${SNIPPET_DIR}/`);

/** The kernel files (every .wgsl under shaders/ but the snippets), from the repository root: `shaders/common/copy.wgsl`. */
export function kernelWgslFiles(): string[] {
  return allWgslFiles().filter((f) => !isSnippet(f));
}

/** The snippet files, from the repository root: `shaders/common/snippets/flat_index.wgsl`. */
export function snippetWgslFiles(): string[] {
  return allWgslFiles().filter(isSnippet);
}

/** The snippet file a name refers to. */
export const snippetPath = (name: string) => `${SNIPPET_DIR}/${name}.wgsl`;

/** A kernel file as it is compiled: the snippets its opening comment names, then its own text (composeWgsl checks both). */
export function composedKernelFile(path: string): string {
  const body = readFileSync(join(REPO_ROOT, path), 'utf8');
  const snippets = snippetsNamedBy(body).map((name) => readFileSync(join(REPO_ROOT, snippetPath(name)), 'utf8'));
  return composeWgsl(...snippets, body);
}

/**
 * Every kernel source as compiled, by the name uniform layouts give it: kernel files by their path from the
 * repository root (snippets resolved), generated kernels by their id (`common/matmul_regblock (generated)`).
 */
export function kernelSources(): { id: string; code: string }[] {
  return [...kernelWgslFiles().map((id) => ({ id, code: composedKernelFile(id) })), ...generatedMatmulSources()];
}
