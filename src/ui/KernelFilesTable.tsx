// Every WGSL kernel (files under shaders/, generated matmuls) with the worst webgpu self-test error against its tolerance: kernels no row ran show as not run.
import type { SelfTestRow } from '../engine/selfTest';
import { formatNumber } from './SelfTestTable';

/**
 * The kernels generated in TypeScript rather than kept as files (src/engine/webgpu/matmulRegisterWgsl.ts), by the id
 * self-test rows give them; selfTest.test.ts holds this list to the generator's (the page imports no engine code).
 */
export const GENERATED_KERNELS: readonly string[] = ['common/matmul_regblock (generated)', 'common/matmul_skinny (generated)'];

/**
 * The kernels: the WGSL kernel files in the source tree, found at build time (snippets, which run inside the kernels
 * that name them, left out), and the generated ones. Only the file names are used: the lazy imports are never called,
 * so the page's claim ("every kernel") is checked against the files that exist, not against the self-test's own list.
 */
export const SHADER_FILES: readonly string[] = [
  ...Object.keys(import.meta.glob(['../../shaders/**/*.wgsl', '!../../shaders/common/snippets/**'], { query: '?raw', import: 'default' }))
    .map((p) => p.replace(/^.*\/shaders\//, '')),
  ...GENERATED_KERNELS,
].sort();

type FileSummary = { file: string; rows: number; worst: SelfTestRow | null; ok: boolean };

/** Per file: how many webgpu rows ran it and the row closest to (or furthest past) its tolerance. */
export function summarizeFiles(rows: SelfTestRow[], files: readonly string[] = SHADER_FILES): FileSummary[] {
  return files.map((file) => {
    const mine = rows.filter((r) => r.backend === 'webgpu' && r.files.includes(file));
    const ratio = (r: SelfTestRow) => (Number.isNaN(r.maxError) || !r.ok ? Infinity : r.tolerance > 0 ? r.maxError / r.tolerance : r.maxError === 0 ? 0 : Infinity);
    const worst = mine.reduce<SelfTestRow | null>((w, r) => (w === null || ratio(r) > ratio(w) ? r : w), null);
    return { file, rows: mine.length, worst, ok: mine.length > 0 && mine.every((r) => r.ok) };
  });
}

export function KernelFilesTable({ rows }: { rows: SelfTestRow[] }) {
  return (
    <table className="results" data-testid="kernel-files-table">
      <thead>
        <tr>
          <th scope="col">WGSL kernel</th>
          <th scope="col">Rows</th>
          <th scope="col">Worst error</th>
          <th scope="col">Tolerance</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {summarizeFiles(rows).map((s) => (
          <tr key={s.file} className={s.ok ? '' : 'row-failed'} data-file={s.file} data-ok={s.ok} data-rows={s.rows}>
            <td>
              <code>shaders/{s.file}</code>
            </td>
            <td>{s.rows}</td>
            <td>{s.worst ? formatNumber(s.worst.maxError) : '—'}</td>
            <td>{s.worst ? formatNumber(s.worst.tolerance) : '—'}</td>
            <td>{s.rows === 0 ? 'not run' : s.ok ? 'pass' : 'fail'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
