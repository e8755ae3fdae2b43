// Banners for what the user must know about the device: fallback reason, engine failure, GPU errors, device loss.
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../store/hooks';

export function DeviceBanner() {
  const { engine, gpuErrors, deviceLost, deviceLosses } = useLab(
    useShallow((s) => ({ engine: s.engine, gpuErrors: s.gpuErrors, deviceLost: s.deviceLost, deviceLosses: s.deviceLosses })),
  );
  return (
    <div className="banners" aria-live="polite">
      {engine.status === 'failed' && (
        <div role="alert" className="banner banner-error">
          The compute engine could not start: {engine.error}{' '}
          {engine.request === 'webgpu' && (
            <a href={location.pathname + location.hash}>Use the automatic choice instead</a>
          )}
        </div>
      )}
      {engine.status === 'ready' && engine.backend === 'cpu' && engine.request === 'auto' && (
        <div className="banner banner-info" data-testid="fallback-banner">
          {engine.reason}
        </div>
      )}
      {deviceLost && (
        <div role="alert" className="banner banner-error" data-testid="device-lost" data-engine={engine.status} data-losses={deviceLosses}>
          The GPU device was lost ({deviceLost}){deviceLosses > 1 ? ` (${deviceLosses} times this session)` : ''}. The plots drawn so far and the settings are kept.{' '}
          {engine.status === 'starting' && 'The engine is restarting…'}
          {engine.status === 'ready' &&
            (engine.backend === 'webgpu'
              ? 'The engine restarted on a new WebGPU device: press Run to run again.'
              : `The engine restarted on the cpu backend (float64): press Run to run again. ${engine.reason}`)}
          {engine.status === 'failed' && `The engine could not restart: ${engine.error}. Reload the page.`}
        </div>
      )}
      {gpuErrors.length > 0 && (
        <div role="alert" className="banner banner-error" data-testid="gpu-errors">
          {gpuErrors.length} WebGPU error{gpuErrors.length > 1 ? 's' : ''}; the latest: {gpuErrors[gpuErrors.length - 1]}
        </div>
      )}
    </div>
  );
}
