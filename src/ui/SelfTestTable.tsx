// The self-test results as a table: kernel, backend, shape, error against float64, speed.
import type { SelfTestRow } from '../engine/selfTest';

function fmt(x: number | null, digits = 2): string {
  if (x === null || Number.isNaN(x)) return '—';
  return x === 0 ? '0' : x < 1e-3 ? x.toExponential(1) : x.toFixed(digits);
}

export function SelfTestTable({ rows }: { rows: SelfTestRow[] }) {
  return (
    <table className="results" data-testid="self-test-table">
      <thead>
        <tr>
          <th scope="col">Kernel</th>
          <th scope="col">Backend</th>
          <th scope="col">Shape</th>
          <th scope="col">Max error</th>
          <th scope="col">GFLOP/s</th>
          <th scope="col">ms</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={r.ok ? '' : 'row-failed'} data-backend={r.backend} data-ok={r.ok}>
            <td>{r.kernel}</td>
            <td>{r.backend}</td>
            <td>{r.shape}</td>
            <td>{fmt(r.maxError)}</td>
            <td>{fmt(r.gflops, 3)}</td>
            <td>{fmt(r.ms, 1)}</td>
            <td>{r.ok ? 'pass' : `fail${r.error ? `: ${r.error}` : ''}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
