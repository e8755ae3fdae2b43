// The self-test results as a table: kernel, its WGSL files, what was checked, error against tolerance, speed.
import type { SelfTestRow } from '../engine/selfTest';

/** A number for a table cell: '—' for null or NaN, exponent form below 10⁻³. */
export function formatNumber(x: number | null, digits = 2): string {
  if (x === null || Number.isNaN(x)) return '—';
  return x === 0 ? '0' : Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toFixed(digits);
}

export function SelfTestTable({ rows }: { rows: SelfTestRow[] }) {
  return (
    <table className="results" data-testid="self-test-table">
      <thead>
        <tr>
          <th scope="col">Kernel</th>
          <th scope="col">WGSL files</th>
          <th scope="col">Check</th>
          <th scope="col">Backend</th>
          <th scope="col">Shape</th>
          <th scope="col">Error</th>
          <th scope="col">Tolerance</th>
          <th scope="col">GFLOP/s</th>
          <th scope="col">ms</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={r.ok ? '' : 'row-failed'} data-backend={r.backend} data-ok={r.ok} data-files={r.files.join(' ')} data-error={r.maxError} data-tolerance={r.tolerance}>
            <td>{r.kernel}</td>
            <td>{r.files.join(', ') || '—'}</td>
            <td>{r.check}</td>
            <td>{r.backend}</td>
            <td>{r.shape}</td>
            <td>{formatNumber(r.maxError)}</td>
            <td>{formatNumber(r.tolerance)}</td>
            <td>{formatNumber(r.gflops, 3)}</td>
            <td>{formatNumber(r.ms, 1)}</td>
            <td>{r.ok ? 'pass' : `fail${r.error ? `: ${r.error}` : ''}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
