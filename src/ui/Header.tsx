// The top bar: name, navigation, and which backend and device run the numbers (with a switch).
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../store/hooks';
import { BACKEND_CHOICES, switchBackend } from './backendSwitch';

export function Header() {
  const engine = useLab(useShallow((s) => s.engine));
  const route = useLab((s) => s.route.page);
  const label =
    engine.status === 'starting' ? 'starting…' : engine.status === 'failed' ? 'engine failed' : engine.backend === 'webgpu' ? 'WebGPU' : 'CPU (float64)';
  const device = engine.device ? `${engine.device.vendor} ${engine.device.architecture}${engine.device.fallback ? ' (software)' : ''}` : 'no GPU adapter';
  return (
    <header className="header">
      <a className="brand" href="#/">
        Subspace Lab
      </a>
      <nav aria-label="Main">
        <a href="#/" aria-current={route === 'gallery' ? 'page' : undefined}>
          Experiments
        </a>
        <a href="#/diagnostics" aria-current={route === 'diagnostics' ? 'page' : undefined}>
          Diagnostics
        </a>
      </nav>
      <div className="backend" data-testid="backend-status" data-backend={engine.backend ?? ''} data-status={engine.status} title={engine.reason}>
        <span className={`badge badge-${engine.backend ?? 'none'}`}>{label}</span>
        <span className="device">{device}</span>
        <label>
          <span className="sr-only">Backend</span>
          <select aria-label="Backend" value={engine.request} onChange={(e) => switchBackend(e.target.value as (typeof BACKEND_CHOICES)[number]['value'])}>
            {BACKEND_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
