// Banners for what the user must know about the device: fallback reason, engine failure, GPU errors, device loss.
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../store/hooks';

export function DeviceBanner() {
  const { engine, gpuErrors, deviceLost } = useLab(useShallow((s) => ({ engine: s.engine, gpuErrors: s.gpuErrors, deviceLost: s.deviceLost })));
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
        <div role="alert" className="banner banner-error" data-testid="device-lost">
          The GPU device was lost ({deviceLost}). Results so far are kept; reload the page to continue on the GPU.
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
